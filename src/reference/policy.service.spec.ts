import { loadConfig } from '../config/env.schema';
import { SLIM_POLICY, SLIM_POLICY_2026_11_1 } from '../domain/chain/slim.policy';
import { PolicyService } from './policy.service';

const service = (env: Record<string, string> = {}) => new PolicyService(loadConfig({ NODE_ENV: 'test', ...env }));

describe('PolicyService', () => {
  it('runs the slim policy as shipped by default: no step approves on timeout', () => {
    const policy = service().current();
    expect(policy.version).toBe(SLIM_POLICY.version);
    expect(policy.steps.some((s) => s.autoApproveOnTimeout)).toBe(false);
  });

  it('switches approval-on-timeout on for the steps ops name, under a version that says so', () => {
    const policies = service({ AUTO_APPROVE_ON_TIMEOUT_STEPS: 'tax_review, delivery_review' });
    const policy = policies.current();
    expect(policy.version).toBe(`${SLIM_POLICY.version}+auto-timeout:tax_review,delivery_review`);
    expect(policy.steps.filter((s) => s.autoApproveOnTimeout).map((s) => s.key)).toEqual(['tax_review', 'delivery_review']);
    expect(policies.byVersion(SLIM_POLICY.version).steps.some((s) => s.autoApproveOnTimeout)).toBe(false);
  });

  it('rebuilds a variant a running contract names after ops changed the setting', () => {
    const policy = service().byVersion('slim-2026.11.1+auto-timeout:finance_review');
    expect(policy.steps.find((s) => s.key === 'finance_review')!.autoApproveOnTimeout).toBe(true);
    expect(() => service().byVersion('slim-2026.11.1+auto-timeout:order_creation')).toThrow();
    expect(() => service().byVersion('slim-1999.1.1')).toThrow('not known');
  });

  it('still answers for slim-2026.11.1 and its variants, without the 2026.12 params, for contracts started under it', () => {
    const policies = service({ AUTO_APPROVE_ON_TIMEOUT_STEPS: 'tax_review' });
    const old = policies.byVersion('slim-2026.11.1');
    expect(old.version).toBe(SLIM_POLICY_2026_11_1.version);
    expect(old.steps.map((s) => s.params)).toEqual(SLIM_POLICY_2026_11_1.steps.map((s) => s.params));
    expect(old.steps.some((s) => 'clauseComparison' in s.params)).toBe(false);
    const variant = policies.byVersion('slim-2026.11.1+auto-timeout:finance_review');
    expect(variant.steps.filter((s) => s.autoApproveOnTimeout).map((s) => s.key)).toEqual(['finance_review']);
    expect(variant.steps.find((s) => s.key === 'legal_review')!.params).toEqual({});
    expect(policies.current().version).toBe(`${SLIM_POLICY.version}+auto-timeout:tax_review`);
    expect(policies.current().steps.find((s) => s.key === 'legal_review')!.params).toMatchObject({ clauseComparison: 'meaning' });
  });

  it('dates intake and delivery in the organisation\'s configured zone, Asia/Shanghai by default', () => {
    const zones = (policy: ReturnType<PolicyService['current']>) => policy.steps.filter((s) => 'timeZone' in s.params).map((s) => [s.key, s.params.timeZone]);
    expect(zones(service().current())).toEqual([
      ['intake_check', 'Asia/Shanghai'],
      ['delivery_review', 'Asia/Shanghai'],
    ]);
    const berlin = service({ ORG_TIME_ZONE: 'Europe/Berlin', AUTO_APPROVE_ON_TIMEOUT_STEPS: 'delivery_review' });
    expect(zones(berlin.current())).toEqual([
      ['intake_check', 'Europe/Berlin'],
      ['delivery_review', 'Europe/Berlin'],
    ]);
    expect(zones(berlin.byVersion('slim-2026.11.1+auto-timeout:tax_review'))).toEqual([
      ['intake_check', 'Europe/Berlin'],
      ['delivery_review', 'Europe/Berlin'],
    ]);
    expect(zones(berlin.byVersion(`${SLIM_POLICY.version}+auto-timeout:tax_review`))).toEqual([
      ['intake_check', 'Europe/Berlin'],
      ['delivery_review', 'Europe/Berlin'],
    ]);
    // The shipped policy object itself is not changed.
    expect(zones(service().current())[0][1]).toBe('Asia/Shanghai');
  });

  it('refuses at boot a step no person decides, naming the variable', () => {
    expect(() => loadConfig({ AUTO_APPROVE_ON_TIMEOUT_STEPS: 'order_creation' })).toThrow(/AUTO_APPROVE_ON_TIMEOUT_STEPS: must be a comma-separated list of steps a person decides/);
  });
});
