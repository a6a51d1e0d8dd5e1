import { complianceScreeningRule } from './compliance-screening.rule';
import { buildContext, goodCustomer, STANDARD_CLAUSES, slimStep, standardClause } from './evaluation-context.fixture';

const step = slimStep('compliance_screening');

describe('compliance_screening.no_denied_party', () => {
  it('approves a customer that is not denied, with no personal data', () => {
    const result = complianceScreeningRule(step, buildContext());
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('Customer is not a denied party; no personal data involved');
  });

  it('approves personal data covered by a data_protection clause', () => {
    const ctx = buildContext({ contract: { personalData: true, clauses: [...STANDARD_CLAUSES, standardClause('data_protection')] } });
    const result = complianceScreeningRule(step, ctx);
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe("Customer is not a denied party; personal data covered by the 'data_protection' clause");
  });

  it('routes personal data without a data_protection clause to the compliance officer', () => {
    const result = complianceScreeningRule(step, buildContext({ contract: { personalData: true } }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(["Contract involves personal data but has no 'data_protection' clause"]);
  });

  it('routes a denied party to the compliance officer', () => {
    const result = complianceScreeningRule(step, buildContext({ customer: goodCustomer({ deniedParty: true }) }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual(['Customer Acme Shanghai Ltd (91310000MA1FL0001X) is on the denied-party list']);
  });

  it('reports both problems at once', () => {
    const ctx = buildContext({ contract: { personalData: true }, customer: goodCustomer({ deniedParty: true }) });
    expect(complianceScreeningRule(step, ctx).problems).toHaveLength(2);
  });

  it('reads the data-protection clause key from the step params', () => {
    const custom = slimStep('compliance_screening', { dataProtectionClauseKey: 'privacy' });
    const ctx = buildContext({ contract: { personalData: true, clauses: [...STANDARD_CLAUSES, { key: 'privacy', text: 'x' }] } });
    expect(complianceScreeningRule(custom, ctx).outcome).toBe('approve');
  });

  it('asks a person when no customer record exists yet', () => {
    expect(complianceScreeningRule(step, buildContext({ customer: undefined })).outcome).toBe('human');
  });
});
