import { validatePolicyDraft } from './policy-validation';
import type { ChainPolicy, StepDefinition } from './policy.types';
import { SLIM_POLICY, SLIM_POLICY_2026_11_1 } from './slim.policy';

const draft = (): ChainPolicy => structuredClone(SLIM_POLICY) as ChainPolicy;
const step = (p: ChainPolicy, key: string): StepDefinition => p.steps.find((s) => s.key === key)!;

describe('validatePolicyDraft', () => {
  it('accepts the shipped slim versions', () => {
    expect(validatePolicyDraft(draft())).toEqual([]);
    expect(validatePolicyDraft(structuredClone(SLIM_POLICY_2026_11_1) as ChainPolicy)).toEqual([]);
  });

  it('accepts the changes ops make: a higher pricing limit, a shorter legal SLA, another assignee, approval on timeout, a regrouped stage', () => {
    const p = draft();
    step(p, 'pricing_review').params.maxDiscountPercent = 12;
    step(p, 'legal_review').slaBusinessHours = 12;
    step(p, 'tax_review').assignee = { kind: 'role', role: 'finance_controller' };
    step(p, 'tax_review').autoApproveOnTimeout = true;
    p.stages[5] = { tracks: [['pricing_review'], ['sales_manager_approval', 'legal_review'], ['finance_review', 'tax_review'], ['delivery_review']] };
    expect(validatePolicyDraft(p)).toEqual([]);
  });

  const cases: [string, (p: ChainPolicy) => void, string, string][] = [
    ['discount above 100%', (p) => (step(p, 'pricing_review').params.maxDiscountPercent = 120), 'steps[5].params.maxDiscountPercent', 'range'],
    ['negative discount', (p) => (step(p, 'executive_approval').params.minDiscountPercent = -1), 'steps[12].params.minDiscountPercent', 'range'],
    ['threshold as text', (p) => (step(p, 'finance_review').params.maxAmount = '2000000'), 'steps[8].params.maxAmount', 'type'],
    ['zero amount limit', (p) => (step(p, 'sales_manager_approval').params.maxAmount = 0), 'steps[6].params.maxAmount', 'range'],
    ['fractional overdue days', (p) => (step(p, 'credit_check').params.maxOverdueDays = 2.5), 'steps[2].params.maxOverdueDays', 'integer'],
    ['similarity above 1', (p) => (step(p, 'compliance_screening').params.nameMatchThreshold = 1.5), 'steps[3].params.nameMatchThreshold', 'range'],
    ['missing required param', (p) => delete step(p, 'finance_review').params.maxPaymentTermsDays, 'steps[8].params.maxPaymentTermsDays', 'required'],
    ['param no rule reads', (p) => (step(p, 'tax_review').params.maxRate = 3), 'steps[9].params.maxRate', 'unknown_param'],
    ['unknown clause comparison', (p) => (step(p, 'legal_review').params.clauseComparison = 'fuzzy'), 'steps[7].params.clauseComparison', 'enum'],
    ['bad currency code', (p) => (step(p, 'intake_check').params.allowedCurrencies = ['CNY', 'usd']), 'steps[0].params.allowedCurrencies', 'format'],
    ['bad time zone', (p) => (step(p, 'delivery_review').params.timeZone = 'Mars/Olympus'), 'steps[10].params.timeZone', 'time_zone'],
    ['SLA of 0 on a human step', (p) => (step(p, 'legal_review').slaBusinessHours = 0), 'steps[7].slaBusinessHours', 'range'],
    ['SLA beyond the maximum', (p) => (step(p, 'legal_review').slaBusinessHours = 1000), 'steps[7].slaBusinessHours', 'range'],
    ['SLA on a bot step', (p) => (step(p, 'order_creation').slaBusinessHours = 4), 'steps[14].slaBusinessHours', 'no_person'],
    ['unknown role', (p) => (step(p, 'legal_review').assignee = { kind: 'role', role: 'wizard' as never }), 'steps[7].assignee.role', 'unknown_role'],
    ['rep as assignee', (p) => (step(p, 'legal_review').assignee = { kind: 'role', role: 'rep' }), 'steps[7].assignee.role', 'unknown_role'],
    ['human step without assignee', (p) => delete step(p, 'credit_check').assignee, 'steps[2].assignee', 'required'],
    ['assignee on a bot step', (p) => (step(p, 'customer_capture').assignee = { kind: 'role', role: 'ops' }), 'steps[1].assignee', 'no_person'],
    ['approval on timeout for a bot step', (p) => (step(p, 'contract_generation').autoApproveOnTimeout = true), 'steps[13].autoApproveOnTimeout', 'no_person'],
    ['unknown step', (p) => (p.steps[4] = { ...p.steps[4], key: 'vibe_check' }), 'steps[4].key', 'known_step'],
    ['step missing', (p) => p.steps.splice(9, 1), 'steps', 'required_step'],
    ['rule swapped', (p) => (step(p, 'tax_review').ruleId = 'legal_review.no_deviations'), 'steps[9].ruleId', 'engine_binding'],
    ['order bot turned into a rule step', (p) => (step(p, 'order_creation').mode = 'rule'), 'steps', 'bots_present'],
    ['step numbers out of sequence', (p) => (step(p, 'tax_review').number = 3), 'steps[9].number', 'sequence'],
    ['step in two stages', (p) => p.stages[6].tracks[0].push('tax_review'), 'stages[6].tracks[0][1]', 'once'],
    ['withdrawal before the revision reminder', (p) => (p.revisionTimeout = { remindAfterBusinessHours: 40, withdrawAfterBusinessHours: 16 }), 'revisionTimeout.withdrawAfterBusinessHours', 'after_reminder'],
    ['revision reminder of 0 hours', (p) => (p.revisionTimeout = { remindAfterBusinessHours: 0, withdrawAfterBusinessHours: 16 }), 'revisionTimeout.remindAfterBusinessHours', 'range'],
    ['step in no stage', (p) => (p.stages[5].tracks = p.stages[5].tracks.filter((t) => t[0] !== 'tax_review')), 'stages', 'covers_each_step'],
    ['stage naming an unknown step', (p) => p.stages[5].tracks.push(['vibe_check']), 'stages[5].tracks[5][0]', 'known_step'],
    ['empty track', (p) => p.stages[5].tracks.push([]), 'stages[5].tracks[5]', 'required'],
    ['intake not first', (p) => p.stages.reverse(), 'stages[9]', 'order'],
    ['order before the document', (p) => ([p.stages[8], p.stages[9]] = [p.stages[9], p.stages[8]]), 'stages[8]', 'order'],
    ['legal before clause validation', (p) => ([p.stages[4], p.stages[5]] = [p.stages[5], p.stages[4]]), 'stages[4]', 'order'],
    ['credit check before customer capture', (p) => ([p.stages[1], p.stages[2]] = [p.stages[2], p.stages[1]]), 'stages[1]', 'order'],
    ['other chain', (p) => (p.chainId = 'legacy'), 'chainId', 'known_chain'],
    ['reminders not ascending', (p) => (p.reminderFractions = [0.9, 0.5]), 'reminderFractions[1]', 'ascending'],
    ['approvers on a bot step', (p) => (step(p, 'order_creation').approvers = step(p, 'legal_review').approvers), 'steps[14].approvers', 'no_person'],
    ['approvers mode unknown', (p) => (step(p, 'legal_review').approvers!.mode = 'most' as never), 'steps[7].approvers.mode', 'enum'],
    ['approvers from one person', (p) => ((step(p, 'legal_review').approvers!.from as { users: string[] }).users.length = 1), 'steps[7].approvers.from.users', 'min_items'],
    ['approver not a user id', (p) => ((step(p, 'legal_review').approvers!.from as { users: string[] }).users[1] = 'lena'), 'steps[7].approvers.from.users[1]', 'uuid'],
    ['approvers from an unknown role', (p) => (step(p, 'legal_review').approvers!.from = { role: 'wizard' as never }), 'steps[7].approvers.from.role', 'unknown_role'],
    ['quorum without count', (p) => (step(p, 'legal_review').approvers!.mode = 'quorum'), 'steps[7].approvers.count', 'required'],
    ['quorum above the approvers', (p) => Object.assign(step(p, 'legal_review').approvers!, { mode: 'quorum', count: 3 }), 'steps[7].approvers.count', 'range'],
    ['approvers condition negative', (p) => (step(p, 'legal_review').approvers!.when = { materialDeviationsMoreThan: -2 }), 'steps[7].approvers.when.materialDeviationsMoreThan', 'integer'],
  ];

  it.each(cases)('%s → %s (%s)', (_name, change, field, rule) => {
    const p = draft();
    change(p);
    const problems = validatePolicyDraft(p);
    expect(problems).toContainEqual(expect.objectContaining({ field, rule }));
  });
});
