import { AUTOMATIC_RULE_IDS, RULES } from '../rules';
import { checkPolicy } from './policy';
import { LEGACY_POLICY } from './legacy.policy';

describe('LEGACY_POLICY', () => {
  it('passes the consistency check', () => {
    expect(checkPolicy(LEGACY_POLICY, Object.keys(RULES), AUTOMATIC_RULE_IDS)).toEqual([]);
  });

  it('identifies itself', () => {
    expect(LEGACY_POLICY).toMatchObject({ chainId: 'legacy', version: 'legacy-2019' });
  });

  it('has 28 manual steps, numbered 1..28, each alone in its own stage', () => {
    expect(LEGACY_POLICY.steps).toHaveLength(28);
    expect(LEGACY_POLICY.steps.map((s) => s.number)).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
    expect(LEGACY_POLICY.stages).toEqual(LEGACY_POLICY.steps.map((s) => ({ tracks: [[s.key]] })));
    expect(new Set(LEGACY_POLICY.steps.map((s) => s.key)).size).toBe(28);
  });

  it('decides every step by hand, by role, within 8 business hours', () => {
    for (const step of LEGACY_POLICY.steps) {
      expect(step).toMatchObject({ mode: 'rule', ruleId: 'legacy.manual', slaBusinessHours: 8, autoApproveOnTimeout: false });
      expect(step.assignee?.kind).toBe('role');
    }
  });

  it('contains the duplicated data entry and re-approvals the slim chain removed', () => {
    const keys = LEGACY_POLICY.steps.map((s) => s.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'crm_data_entry',
        'erp_data_entry',
        'customer_master_data_entry',
        'credit_reapproval',
        'legal_second_reading',
        'finance_reapproval',
        'sales_director_sign_off',
        'contract_print_and_sign',
        'order_entry',
        'order_double_check',
      ]),
    );
  });

  it('has no reminders or escalations, as the old process had none', () => {
    expect(LEGACY_POLICY.reminderFractions).toEqual([]);
    expect(LEGACY_POLICY.escalationLevels).toBe(0);
  });
});
