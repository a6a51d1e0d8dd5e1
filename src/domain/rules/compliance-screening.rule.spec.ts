import { complianceScreeningRule } from './compliance-screening.rule';
import type { DeniedPartyMatch } from '../contract/contract.types';
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

describe('compliance_screening by name', () => {
  const match: DeniedPartyMatch = {
    entryId: 'dp-1',
    listedName: 'Eastern Star Trading Corp.',
    matchedName: '东星贸易有限公司',
    matchedOn: 'alias',
    customerName: '东星贸易股份有限公司',
    key: '东星贸易',
    source: 'internal',
  };

  it('routes a customer whose name matches a listed party to the compliance officer, whatever its registration number', () => {
    const customer = goodCustomer({ name: '东星贸易股份有限公司', registrationNumber: '91310000NEW0000001', deniedPartyMatches: [match] });
    const result = complianceScreeningRule(step, buildContext({ customer }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual([
      'Customer name "东星贸易股份有限公司" matches alias "东星贸易有限公司" of denied party "Eastern Star Trading Corp." (internal list; both normalise to "东星贸易")',
    ]);
    expect(result.reason).toBe(result.problems![0]);
    expect(result.inputs).toEqual({
      deniedParty: false,
      personalData: false,
      hasDataProtectionClause: false,
      dataProtectionClauseKey: 'data_protection',
      nameScreening: { customerName: '东星贸易股份有限公司', matches: [match] },
    });
  });

  it('names a match on the primary name as the denied party itself, next to the registry flag', () => {
    const customer = goodCustomer({ deniedParty: true, deniedPartyMatches: [{ ...match, matchedName: 'Eastern Star Trading Corp.', matchedOn: 'name', customerName: 'EASTERN STAR TRADING CO., LTD.', key: 'easternstartrading' }] });
    expect(complianceScreeningRule(step, buildContext({ customer })).problems).toEqual([
      'Customer Acme Shanghai Ltd (91310000MA1FL0001X) is on the denied-party list',
      'Customer name "EASTERN STAR TRADING CO., LTD." matches denied party "Eastern Star Trading Corp." (internal list; both normalise to "easternstartrading")',
    ]);
  });

  it('approves when name screening found nothing, and says both were screened', () => {
    const result = complianceScreeningRule(step, buildContext({ customer: goodCustomer({ deniedPartyMatches: [] }) }));
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('Customer is not a denied party (registration number and name screened); no personal data involved');
    expect(result.inputs.nameScreening).toEqual({ customerName: 'Acme Shanghai Ltd', matches: [] });
  });

  it('screens a capture recorded before name screening exactly as before (replayed histories)', () => {
    const result = complianceScreeningRule(step, buildContext({ customer: goodCustomer() }));
    expect(result).toEqual({
      outcome: 'approve',
      ruleId: 'compliance_screening.no_denied_party',
      reason: 'Customer is not a denied party; no personal data involved',
      inputs: { deniedParty: false, personalData: false, hasDataProtectionClause: false, dataProtectionClauseKey: 'data_protection' },
    });
  });
});
