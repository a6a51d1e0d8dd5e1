import { complianceScreeningRule } from './compliance-screening.rule';
import type { DeniedPartyMatch, DeniedPartyNameMatch } from '../contract/contract.types';
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

describe('compliance_screening by name similarity (slim-2026.12.1: nameMatchThreshold)', () => {
  const newStep = slimStep('compliance_screening', { nameMatchThreshold: 0.88 });
  // The 2026.11.1 params: no threshold.
  const oldStep = { ...newStep, params: { dataProtectionClauseKey: 'data_protection' } };
  const near: DeniedPartyNameMatch = {
    entryId: 'dp-1',
    listedName: 'Eastern Star Trading Corp.',
    matchedName: 'E-Star Trading',
    matchedOn: 'alias',
    customerName: 'E Star Tradng Co',
    score: 0.919,
    source: 'customer_registry',
  };
  const customer = (matches: DeniedPartyNameMatch[]) =>
    goodCustomer({ name: 'E Star Tradng Co', registrationNumber: '91310000MA1FL00157', created: true, deniedPartyMatches: [], deniedPartyNameMatches: matches });

  it('routes a near match at or above the threshold to compliance, naming the entry and the score', () => {
    const result = complianceScreeningRule(newStep, buildContext({ customer: customer([near]) }));
    expect(result.outcome).toBe('human');
    expect(result.problems).toEqual([
      'Customer name "E Star Tradng Co" resembles alias "E-Star Trading" of denied party "Eastern Star Trading Corp." (customer_registry list, entry dp-1; name score 0.919 ≥ 0.88)',
    ]);
    expect(result.inputs.nameScreening).toEqual({ customerName: 'E Star Tradng Co', threshold: 0.88, matches: [near] });
  });

  it('says "matches" for an exact key (score 1)', () => {
    const exact = { ...near, customerName: '东星贸易股份有限公司', matchedName: '东星贸易有限公司', score: 1 };
    expect(complianceScreeningRule(newStep, buildContext({ customer: customer([exact]) })).problems).toEqual([
      'Customer name "东星贸易股份有限公司" matches alias "东星贸易有限公司" of denied party "Eastern Star Trading Corp." (customer_registry list, entry dp-1; name score 1.000 ≥ 0.88)',
    ]);
  });

  it('approves a score under the threshold but keeps it in the inputs', () => {
    const below = { ...near, score: 0.8 };
    const result = complianceScreeningRule(newStep, buildContext({ customer: customer([below]) }));
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('Customer is not a denied party (registration number and name screened, no name score ≥ 0.88); no personal data involved');
    expect(result.inputs.nameScreening).toEqual({ customerName: 'E Star Tradng Co', threshold: 0.88, matches: [below] });
  });

  it('under the older policy (no threshold) ignores similarity and reads only exact matches, as before', () => {
    const result = complianceScreeningRule(oldStep, buildContext({ customer: customer([near]) }));
    expect(result.outcome).toBe('approve');
    expect(result.reason).toBe('Customer is not a denied party (registration number and name screened); no personal data involved');
    expect(result.inputs.nameScreening).toEqual({ customerName: 'E Star Tradng Co', matches: [] });
  });

  it('falls back to exact matches when the capture did not score names', () => {
    const result = complianceScreeningRule(newStep, buildContext({ customer: goodCustomer({ deniedPartyMatches: [] }) }));
    expect(result.outcome).toBe('approve');
    expect(result.inputs.nameScreening).toEqual({ customerName: 'Acme Shanghai Ltd', matches: [] });
  });

  it('refuses a threshold that is not a number (a policy bug)', () => {
    expect(() => complianceScreeningRule(slimStep('compliance_screening', { nameMatchThreshold: 'high' }), buildContext())).toThrow(/nameMatchThreshold/);
  });
});
