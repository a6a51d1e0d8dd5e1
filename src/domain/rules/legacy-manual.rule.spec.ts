import { LEGACY_POLICY } from '../chain/legacy.policy';
import { buildContext } from './evaluation-context.fixture';
import { evaluateStep } from './index';

describe('legacy.manual', () => {
  it('sends every legacy step to a person, even for a routine contract', () => {
    const ctx = buildContext({ policy: LEGACY_POLICY });
    const results = LEGACY_POLICY.steps.map((s) => evaluateStep(s, ctx));
    expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(['human']));
    expect(new Set(results.map((r) => r.ruleId))).toEqual(new Set(['legacy.manual']));
    expect(results[0].reason).toBe('Legacy process: CRM data entry is always decided by hand');
  });
});
