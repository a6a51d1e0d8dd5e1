import { AUTOMATIC_RULE_IDS, RULES } from '../rules';
import { BOT_IDS, botOf, checkPolicy, getStep } from './policy';
import type { ChainPolicy } from './policy.types';
import { SLIM_POLICY } from './slim.policy';

describe('which bot performs a bot step', () => {
  it('is named by each bot step of the slim policy, and rule steps name none', () => {
    expect(SLIM_POLICY.steps.filter((s) => s.mode === 'bot_activity').map((s) => [s.key, botOf(s)])).toEqual([
      ['customer_capture', BOT_IDS.customerRegistryLookup],
      ['contract_generation', BOT_IDS.renderContractDocument],
      ['order_creation', BOT_IDS.createErpOrder],
    ]);
    expect(botOf(getStep(SLIM_POLICY, 'credit_check'))).toBeUndefined();
  });

  it('is found by step key for a policy stored before steps named their bot (running contracts)', () => {
    const stored = { ...getStep(SLIM_POLICY, 'order_creation'), bot: undefined };
    expect(botOf(stored)).toBe(BOT_IDS.createErpOrder);
    expect(botOf({ ...stored, key: 'print_invoice' })).toBeUndefined();
  });

  it('is checked: a bot step with no known bot, or a rule step naming one, makes the policy unusable', () => {
    const policy: ChainPolicy = {
      ...SLIM_POLICY,
      steps: SLIM_POLICY.steps.map((s) =>
        s.key === 'order_creation' ? { ...s, bot: 'fax_machine' } : s.key === 'credit_check' ? { ...s, bot: BOT_IDS.createErpOrder } : s,
      ),
    };
    expect(checkPolicy(policy, Object.keys(RULES), AUTOMATIC_RULE_IDS)).toEqual([
      "Rule step 'credit_check' names a bot",
      "Bot step 'order_creation' names unknown bot 'fax_machine'",
    ]);
    expect(checkPolicy(SLIM_POLICY, Object.keys(RULES), AUTOMATIC_RULE_IDS)).toEqual([]);
  });
});
