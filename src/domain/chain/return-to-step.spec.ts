import { AUDIT_EVENT_TYPES } from '../audit/audit-event-types';
import { DomainErrorCode } from '../errors';
import type { RuleResult } from '../rules/rule.types';
import { initialChainState, openTasks, reduce } from './chain-machine';
import type { ChainCommand, ChainEvent, ChainState } from './chain-state';
import type { TaskState } from './engine.types';
import { validatePolicyDraft } from './policy-validation';
import { isEarlierStep, returnRefusal, returnTargets } from './return-to-step';
import { SLIM_POLICY, SLIM_POLICY_2026_12_1 } from './slim.policy';

const T0 = Date.parse('2026-11-20T09:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
const approve = (key: string): RuleResult => ({ outcome: 'approve', ruleId: `${key}.rule`, reason: 'Within limits', inputs: { key } });
const human = (key: string): RuleResult => ({ outcome: 'human', ruleId: `${key}.rule`, reason: 'Needs a person', inputs: { key } });
const task = (taskId: string, stepKey: string): TaskState => ({
  taskId,
  stepKey,
  revision: 1,
  assigneeId: `u:${stepKey}`,
  originalAssigneeId: `u:${stepKey}`,
  escalatedTo: [],
  escalationChain: [],
  status: 'open',
  schedule: { dueAt: at(8), reminders: [], escalations: [] },
  slaBusinessHours: 8,
  createdAt: at(0),
});

/** An interpreter of the machine's commands: rules of `people` ask a person (task t-<step>-<n>), the others approve; bots finish; RerunFrom starts the round. */
function drive(state: ChainState, first: ChainEvent, people: string[]): { state: ChainState; commands: ChainCommand[] } {
  const commands: ChainCommand[] = [];
  const queue: ChainEvent[] = [first];
  while (queue.length) {
    const out = reduce(state, queue.shift()!);
    state = out.state;
    commands.push(...out.commands);
    for (const c of out.commands) {
      const taskId = `t-${'stepKey' in c ? c.stepKey : ''}-${state.rounds ?? 0}`;
      if (c.type === 'EvaluateRule') queue.push({ type: 'rule_result', stepKey: c.stepKey, fingerprint: `fp-${c.stepKey}`, result: people.includes(c.stepKey) ? human(c.stepKey) : approve(c.stepKey), taskId, now: at(0) });
      if (c.type === 'RunBot') queue.push({ type: 'bot_completed', stepKey: c.stepKey, ruleId: c.bot, reason: 'Done', inputs: {}, now: at(0) });
      if (c.type === 'OpenTask') queue.push({ type: 'task_opened', stepKey: c.stepKey, task: task(c.taskId, c.stepKey), now: at(0) });
      if (c.type === 'CancelTasks' || c.type === 'StoreProgress') queue.push({ type: 'stored', now: at(0) });
      if (c.type === 'RerunFrom') queue.push({ type: 'revision_started', fromStage: c.stage, now: at(2) });
    }
  }
  return { state, commands };
}

const decide = (state: ChainState, taskId: string, decision: 'approve' | 'return', people: string[], toStep?: string) =>
  drive(state, { type: 'decision', taskId, userId: `u:${taskId}`, decision, comment: decision === 'return' ? 'Price again' : undefined, toStep, now: at(1) }, people);

describe('return to a chosen step', () => {
  it('lets each human step of slim-2026.12.2 return to the earlier steps a person decides, and older versions to none', () => {
    expect(returnTargets(SLIM_POLICY, 'sales_manager_approval')).toEqual(['credit_check', 'compliance_screening', 'pricing_review']);
    expect(returnTargets(SLIM_POLICY, 'legal_review')).toEqual(['credit_check', 'compliance_screening', 'pricing_review', 'sales_manager_approval']);
    expect(returnTargets(SLIM_POLICY, 'executive_approval')).toContain('regional_director_approval');
    expect(returnTargets(SLIM_POLICY, 'credit_check')).toEqual([]);
    expect(returnTargets(SLIM_POLICY_2026_12_1, 'sales_manager_approval')).toEqual([]);
    expect(isEarlierStep(SLIM_POLICY, 'pricing_review', 'legal_review')).toBe(true);
    expect(isEarlierStep(SLIM_POLICY, 'legal_review', 'pricing_review')).toBe(false);
  });

  it('refuses a return naming toStep: missing, unknown, not earlier, not allowed by the policy (or by an older one)', () => {
    const rule = (policy: typeof SLIM_POLICY, from: string, to: unknown) => returnRefusal(policy, from, to)?.details?.rule;
    expect(returnRefusal(SLIM_POLICY, 'sales_manager_approval', 'pricing_review')).toBeNull();
    expect(returnRefusal(SLIM_POLICY, 'sales_manager_approval', undefined)).toMatchObject({ code: DomainErrorCode.RETURN_TARGET_INVALID, details: { field: 'toStep', rule: 'required' } });
    expect(rule(SLIM_POLICY, 'sales_manager_approval', 'nowhere')).toBe('known_step');
    expect(rule(SLIM_POLICY, 'sales_manager_approval', 'legal_review')).toBe('earlier_step');
    expect(rule(SLIM_POLICY, 'sales_manager_approval', 'intake_check')).toBe('allowed_by_policy');
    expect(rule(SLIM_POLICY_2026_12_1, 'sales_manager_approval', 'pricing_review')).toBe('allowed_by_policy');
  });

  it('validates a draft returnTo entry by entry', () => {
    expect(validatePolicyDraft(SLIM_POLICY)).toEqual([]);
    const draft = structuredClone(SLIM_POLICY);
    const i = draft.steps.findIndex((s) => s.key === 'sales_manager_approval');
    draft.steps[i].returnTo = ['pricing_review', 'nowhere', 'legal_review', 'clause_validation', 'pricing_review'];
    const c = draft.steps.findIndex((s) => s.key === 'contract_generation');
    draft.steps[c].returnTo = ['pricing_review'];
    expect(validatePolicyDraft(draft).map((p) => [p.field, p.rule])).toEqual([
      [`steps[${i}].returnTo[1]`, 'known_step'],
      [`steps[${i}].returnTo[2]`, 'earlier_step'],
      [`steps[${i}].returnTo[3]`, 'human_step'],
      [`steps[${i}].returnTo[4]`, 'unique'],
      [`steps[${c}].returnTo`, 'no_person'],
    ]);
  });

  it('sales manager returns to pricing review: a new round of the same revision, earlier steps kept, the target and the returning step asked again', () => {
    const people = ['pricing_review', 'sales_manager_approval'];
    let { state } = drive(initialChainState(SLIM_POLICY, 'c-1'), { type: 'revision_started', now: at(0) }, people);
    state = decide(state, 't-pricing_review-0', 'approve', people).state;
    expect(openTasks(state).map((t) => t.taskId)).toEqual(['t-sales_manager_approval-0']);
    const returned = decide(state, 't-sales_manager_approval-0', 'return', people, 'pricing_review');
    state = returned.state;
    expect(state).toMatchObject({ revision: 1, rounds: 1, status: 'in_review', halt: null });
    const event = returned.commands.find((c) => c.type === 'AuditEvent' && c.eventType === AUDIT_EVENT_TYPES.CONTRACT_RETURNED_TO_STEP);
    expect(event).toMatchObject({ actorId: 'u:t-sales_manager_approval-0', data: { fromStep: 'sales_manager_approval', toStep: 'pricing_review', comment: 'Price again', round: 1 } });
    expect(state.tasks['t-sales_manager_approval-0']).toMatchObject({ status: 'decided', decision: 'return', toStep: 'pricing_review' });
    // Steps of earlier stages are untouched; the parallel reviews keep their decision; pricing review is asked again.
    expect(state.steps.credit_check.status).toBe('auto_approved');
    expect(state.steps.credit_check.keptFromRevision).toBeUndefined();
    expect(state.steps.legal_review).toMatchObject({ status: 'auto_approved', keptFromRevision: 1 });
    expect(state.steps.pricing_review).toMatchObject({ status: 'waiting', taskId: 't-pricing_review-1' });
    expect(openTasks(state).map((t) => t.taskId)).toEqual(['t-pricing_review-1']);
    expect(returned.commands.filter((c) => c.type === 'SendRepMail')).toEqual([]);
    state = decide(state, 't-pricing_review-1', 'approve', people).state;
    expect(openTasks(state).map((t) => t.taskId)).toEqual(['t-sales_manager_approval-1']);
    state = decide(state, 't-sales_manager_approval-1', 'approve', people).state;
    expect(state).toMatchObject({ status: 'approved', finished: true, revision: 1 });
  });

  it('a return from legal review while finance waits cancels finance, whose step is asked again in the round', () => {
    const people = ['legal_review', 'finance_review'];
    const { state } = drive(initialChainState(SLIM_POLICY, 'c-1'), { type: 'revision_started', now: at(0) }, people);
    const out = decide(state, 't-legal_review-0', 'return', people, 'pricing_review');
    expect(out.state.tasks['t-finance_review-0']).toMatchObject({ status: 'cancelled' });
    expect(out.commands.find((c) => c.type === 'CancelTasks')).toEqual({ type: 'CancelTasks', taskIds: ['t-finance_review-0'], reason: 'contract returned to an earlier step' });
    // Pricing review's rule approves again here; legal and finance are asked again, the others kept.
    expect(out.state.steps.pricing_review.status).toBe('auto_approved');
    expect(out.state.steps.pricing_review.keptFromRevision).toBeUndefined();
    expect(out.state.steps.tax_review).toMatchObject({ status: 'auto_approved', keptFromRevision: 1 });
    expect(openTasks(out.state).map((t) => t.taskId).sort()).toEqual(['t-finance_review-1', 't-legal_review-1']);
  });
});
