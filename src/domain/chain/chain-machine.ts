// The chain's state machine: `reduce(state, event) -> { state, commands }`. Stage progression
// (tracks of a stage in parallel, steps of a track in order), keep-or-redecide across revisions,
// decisions -> step status, SLA events in schedule order, approval on timeout, halts and the end
// of the contract. Pure: the input state is never changed, time comes in the event.
import { AUDIT_EVENT_TYPES } from '../audit/audit-event-types';
import { initialStepSla } from '../sla/sla-schedule';
import type { ChainCommand, ChainEvent, ChainHalt, ChainState, ChainTask, Transition } from './chain-state';
import { Draft } from './chain-transitions';
import { approverTaskOpened, isStepTask, startApprovers } from './countersign-transitions';
import type { StepState } from './engine.types';
import type { ChainPolicy, StepKey } from './policy.types';
import { keepOrRedecide } from './revision-keeping';
import { markSlaEventFired, nextSlaEvent } from './sla-next-event';
import { NO_MANAGER_LEFT, timeoutDecision } from './step-status';

export { openTasks } from './chain-transitions';

/** A contract just submitted: every step pending, nothing running. Start it with `revision_started`. */
export function initialChainState(policy: ChainPolicy, contractId: string): ChainState {
  const steps: Record<StepKey, StepState> = {};
  for (const def of policy.steps) steps[def.key] = { key: def.key, number: def.number, name: def.name, status: 'pending', revision: 1 };
  return { policy, contractId, status: 'in_review', revision: 1, steps, previousSteps: {}, tasks: {}, stage: -1, tracks: [], halt: null, closing: false, finished: false, storing: false, reworkSince: null, reworkMs: 0 };
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The state a transition works on: a copy, except the policy, which no transition changes and
 * which is most of the state's size (copied once per event it was most of a workflow's time in
 * the machine).
 */
function draftOf(state: ChainState): ChainState {
  const { policy, ...rest } = state;
  return { ...clone(rest), policy };
}

/** The chain's one transition function. Events that do not apply to the state change nothing. */
export function reduce(state: ChainState, event: ChainEvent): Transition {
  const d = new Draft(draftOf(state), event.now);
  const s = d.s;
  switch (event.type) {
    case 'revision_started':
      if (!s.finished && !s.storing && s.stage < 0 && s.status === 'in_review') {
        s.halt = null;
        s.closing = false;
        d.startStage(event.fromStage ?? 0);
      }
      break;
    case 'step_started': {
      const step = s.steps[event.stepKey];
      if (step?.status !== 'pending' || s.finished || s.storing || s.halt) break;
      d.startStep(event.stepKey);
      break;
    }
    case 'rule_result': {
      const step = s.steps[event.stepKey];
      if (step?.status !== 'in_progress') break;
      const keeping = keepOrRedecide(s.previousSteps[event.stepKey], event.fingerprint);
      if (keeping.kind === 'keep') {
        Object.assign(step, keeping.fields, { completedAt: event.now });
        d.audit(step.key, AUDIT_EVENT_TYPES.STEP_DECISION_KEPT, 'rule', step.decidedBy?.id ?? null, step.key, { keptFromRevision: keeping.keptFromRevision, status: step.status, decidedBy: step.decidedBy ?? null });
        d.stepDone(step.key, true);
        break;
      }
      const { result } = event;
      if (!result) break;
      const decided = { decidedBy: { kind: 'rule' as const, id: result.ruleId }, policyVersion: s.policy.version, reason: keeping.note + result.reason, inputs: result.inputs, fingerprint: event.fingerprint, keptFromRevision: undefined };
      if (result.outcome === 'approve' || result.outcome === 'skip') {
        Object.assign(step, decided, { status: result.outcome === 'skip' ? 'skipped' : 'auto_approved', problems: undefined, taskId: undefined, sla: undefined, comment: undefined, completedAt: event.now });
        d.audit(step.key, result.outcome === 'skip' ? AUDIT_EVENT_TYPES.STEP_SKIPPED : AUDIT_EVENT_TYPES.STEP_AUTO_APPROVED, 'rule', result.ruleId, step.key, { ruleId: result.ruleId, policyVersion: s.policy.version, reason: step.reason, inputs: result.inputs });
        d.stepDone(step.key, true);
      } else if (result.outcome === 'return_to_rep') {
        Object.assign(step, decided, { status: 'changes_requested', problems: result.problems, taskId: undefined, sla: undefined, comment: undefined, completedAt: event.now });
        d.audit(step.key, AUDIT_EVENT_TYPES.CHANGES_REQUESTED, 'rule', result.ruleId, step.key, { ruleId: result.ruleId, policyVersion: s.policy.version, reason: result.reason, problems: result.problems ?? [] });
        s.halt ??= { kind: 'changes_requested', byId: result.ruleId, problems: result.problems, comment: result.reason };
        d.stepDone(step.key, false);
        d.haltTracks();
      } else if (s.halt) {
        // Halted while the rule ran: nobody is asked any more.
        Object.assign(step, { status: 'pending', completedAt: undefined });
        d.stepDone(step.key, false);
      } else {
        // The task's id is drawn by the interpreter (as the workflow draws it before opening the task).
        const taskId = event.taskId ?? `${s.contractId}:${s.revision}:${step.key}`;
        Object.assign(step, decided, { status: 'waiting', decidedBy: undefined, problems: result.problems, comment: undefined, taskId });
        // Several people decide the step together: a task each (countersign-transitions.ts).
        if (event.approvers) startApprovers(d, step, event.approvers, result);
        else {
          d.audit(taskId, AUDIT_EVENT_TYPES.TASK_CREATED, 'rule', result.ruleId, step.key, { taskId, ruleId: result.ruleId, policyVersion: s.policy.version, reason: result.reason, problems: result.problems ?? [] });
          d.commands.push({ type: 'OpenTask', stepKey: step.key, taskId, ruleResult: result });
        }
      }
      break;
    }
    case 'bot_completed': {
      const step = s.steps[event.stepKey];
      if (step?.status !== 'in_progress') break;
      Object.assign(step, { status: 'auto_approved', decidedBy: { kind: 'rule', id: event.ruleId }, policyVersion: s.policy.version, reason: event.reason, inputs: event.inputs, fingerprint: undefined, keptFromRevision: undefined, completedAt: event.now });
      d.audit(step.key, AUDIT_EVENT_TYPES.STEP_BOT_COMPLETED, 'bot', event.ruleId, step.key, { ruleId: event.ruleId, reason: event.reason, policyVersion: s.policy.version });
      d.stepDone(step.key, true);
      break;
    }
    case 'task_opened': {
      const step = s.steps[event.stepKey];
      if (step?.status !== 'waiting' || !isStepTask(step, event.task.taskId) || s.tasks[event.task.taskId]) break;
      const task: ChainTask = { ...clone(event.task), status: 'open', escalatedTo: [], scheduleVersion: 0 };
      s.tasks[task.taskId] = task;
      if (step.taskId === task.taskId) step.sla = initialStepSla(task.schedule, task.assigneeId);
      if (step.approvers) approverTaskOpened(step, task);
      d.commands.push({ type: 'SendTaskMail', taskId: task.taskId, kind: 'task_assigned', eventKey: `${task.taskId}:assigned` });
      if (s.halt) d.haltTracks();
      else d.armTimer(task);
      break;
    }
    case 'decision': {
      const task = s.tasks[event.taskId];
      if (task?.status !== 'open' || s.halt) break;
      Object.assign(task, { status: 'decided', decision: event.decision, decidedById: event.userId, decidedByKind: 'user', comment: event.comment?.trim() || undefined, decidedAt: event.now });
      if (event.decision === 'return') task.toStep = event.toStep;
      const othersTold = d.tellOthers(task, event.userId);
      d.audit(task.taskId, AUDIT_EVENT_TYPES.TASK_DECIDED, 'user', event.userId, task.stepKey, { taskId: task.taskId, decision: event.decision, comment: task.comment ?? null, onBehalfOf: event.userId === task.assigneeId ? null : task.assigneeId, othersTold, ...(event.decision === 'return' ? { toStep: event.toStep } : {}) });
      d.decide(task);
      break;
    }
    case 'sla_timer_due': {
      const task = s.tasks[event.taskId];
      if (task?.status !== 'open' || s.halt || task.scheduleVersion !== event.scheduleVersion) break;
      const next = nextSlaEvent(task.schedule);
      if (!next) break;
      if (Date.parse(next.at) > Date.parse(event.now)) {
        d.armTimer(task);
        break;
      }
      task.schedule = markSlaEventFired(task.schedule, next, event.now);
      const step = s.steps[task.stepKey];
      const sla = step.sla!;
      if (next.kind === 'reminder') {
        sla.reminders = clone(task.schedule.reminders);
        d.audit(`${task.taskId}:${next.fraction}:${task.scheduleVersion}`, AUDIT_EVENT_TYPES.TASK_REMINDER_SENT, 'system', null, step.key, { taskId: task.taskId, toUserId: task.assigneeId, fraction: next.fraction, dueAt: task.schedule.dueAt });
        d.commands.push({ type: 'SendTaskMail', taskId: task.taskId, kind: 'task_reminder', eventKey: `${task.taskId}:reminder:${next.fraction}:${task.scheduleVersion}`, fraction: next.fraction });
        d.armTimer(task);
        break;
      }
      sla.breached = true;
      d.record({ anyStepBreached: true });
      const def = d.def(task.stepKey);
      const onTimeout = next.level === 1 && def.autoApproveOnTimeout === true;
      // The escalation's manager is named on the schedule (none on a timeout, or when the chain ran out).
      const toUserId = onTimeout ? null : (task.escalationChain[next.level - 1] ?? null);
      if (toUserId) task.schedule.escalations.find((e) => e.level === next.level)!.toUserId = toUserId;
      sla.escalations = clone(task.schedule.escalations);
      if (onTimeout) {
        const timeout = timeoutDecision(def, task.schedule.dueAt);
        Object.assign(task, { status: 'decided', decision: timeout.decision, decidedByKind: timeout.decidedByKind, decidedById: timeout.decidedById, decidedAt: event.now });
        const othersTold = d.tellOthers(task, timeout.decidedById);
        d.audit(task.taskId, AUDIT_EVENT_TYPES.TASK_TIMEOUT_AUTO_APPROVED, 'rule', timeout.decidedById, step.key, { taskId: task.taskId, dueAt: task.schedule.dueAt, policyVersion: s.policy.version, othersTold });
        d.decide(task);
        break;
      }
      sla.escalationLevel = next.level;
      if (toUserId) {
        task.escalatedTo.push(toUserId);
        if (!sla.notifiedUserIds.includes(toUserId)) sla.notifiedUserIds.push(toUserId);
      }
      d.audit(`${task.taskId}:${next.level}`, AUDIT_EVENT_TYPES.TASK_ESCALATED, 'system', null, step.key, {
        taskId: task.taskId,
        level: next.level,
        toUserId,
        assigneeId: task.assigneeId,
        dueAt: task.schedule.dueAt,
        note: toUserId ? null : NO_MANAGER_LEFT,
      });
      d.commands.push({ type: 'EscalateTask', taskId: task.taskId, level: next.level, toUserId });
      if (toUserId) d.commands.push({ type: 'SendTaskMail', taskId: task.taskId, kind: 'task_escalated', eventKey: `${task.taskId}:escalated:${next.level}`, toUserId, escalationLevel: next.level });
      d.armTimer(task);
      break;
    }
    case 'stage_ended':
      if (s.stage < 0) break;
      for (const track of s.tracks) track.done = true;
      d.maybeEndStage();
      break;
    case 'stored':
      if (s.storing && s.halt) d.outcomeOfHalt(s.halt);
      break;
    case 'revised': {
      if (s.finished || s.status !== 'changes_requested') break;
      s.revision += 1;
      s.previousSteps = clone(s.steps);
      for (const [key, step] of Object.entries(s.steps)) s.steps[key] = { key, number: step.number, name: step.name, status: 'pending', revision: s.revision };
      s.status = 'in_review';
      s.halt = null;
      d.endRework();
      d.audit('contract', AUDIT_EVENT_TYPES.CONTRACT_REVISED, 'user', event.userId, null, { changedFields: event.changedFields, comment: event.comment ?? null });
      d.record({ status: 'in_review', revision: s.revision, reworkSince: null, reworkMs: s.reworkMs ?? 0, problems: null });
      break;
    }
    case 'withdrawal':
    case 'halt': {
      // While a halted revision's end is stored, the outcome is decided: the interpreter acts on a
      // withdrawal once the contract is back with the rep.
      if (s.finished || s.closing || s.storing) break;
      const halt: ChainHalt = event.type === 'halt' ? event.halt : { kind: 'withdrawn', byUserId: event.userId, comment: event.reason };
      if (s.stage >= 0) {
        // The first halt of a revision wins; tracks waiting on a task stop now, the others when their step ends.
        s.halt ??= halt;
        d.haltTracks();
      } else if (halt.kind !== 'changes_requested') {
        // Waiting for the rep: the contract closes once what was left to write is stored.
        s.halt = halt;
        d.endRevision(halt);
      }
      break;
    }
  }
  return { state: s, commands: withProgress(state, s, d) };
}

/**
 * One RecordProgress per transition, for the steps that changed and the contract fields set,
 * before the first command that stores (CancelTasks, StoreProgress) or ends the revision.
 */
function withProgress(before: ChainState, after: ChainState, d: Draft): ChainCommand[] {
  const stepKeys = Object.keys(after.steps).filter((k) => JSON.stringify(before.steps[k]) !== JSON.stringify(after.steps[k]));
  if (!stepKeys.length && !Object.keys(d.contract).length) return d.commands;
  const progress: ChainCommand = { type: 'RecordProgress', stepKeys, contract: { ...d.contract, currentSteps: currentSteps(after) } };
  const end = d.commands.findIndex((c) => c.type === 'CancelTasks' || c.type === 'StoreProgress' || c.type === 'Finish' || c.type === 'AwaitRevision');
  return end < 0 ? [...d.commands, progress] : [...d.commands.slice(0, end), progress, ...d.commands.slice(end)];
}

/** Steps someone or something is working on now. */
export function currentSteps(state: ChainState): StepKey[] {
  return Object.values(state.steps).filter((s) => s.status === 'in_progress' || s.status === 'waiting').map((s) => s.key);
}
