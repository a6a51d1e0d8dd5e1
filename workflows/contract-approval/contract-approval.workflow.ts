// The contract approval workflow: one durable run per contract (id `contract-<id>`). It walks the
// policy's stages (tracks of a stage in parallel), lets pure domain rules decide what they can,
// turns the rest into human tasks with SLA timers, and loops through revisions when changes are
// requested, keeping every decision whose inputs did not change. Business rules live in
// src/domain; this file only orchestrates.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  log,
  workflowInfo,
} from '@temporalio/workflow';
import type { ContractActivities, OpenTaskResult } from '../../activities/activity.types';
import { AUDIT_EVENT_TYPES, type AuditEventInput, type AuditEventType, type ActorKind } from '../../src/domain/audit/audit-event-types';
import type {
  ContractProgress,
  ContractSnapshot,
  ContractStatus,
  ContractWorkflowInput,
  DeadlineRequest,
  DecisionRequest,
  DelegateRequest,
  EngineCarryOver,
  Incident,
  ProgressBatch,
  RetryRequest,
  RevisionRequest,
  StepState,
  TaskState,
  WithdrawRequest,
} from '../../src/domain/chain/engine.types';
import type { ChainPolicy, StepDefinition } from '../../src/domain/chain/policy.types';
import type { ClauseDeviation, ClauseLibrary, ContractSubmission, CustomerRecord, DerivedFigures, Product } from '../../src/domain/contract/contract.types';
import { deriveFigures } from '../../src/domain/contract/derive';
import { DomainErrorCode } from '../../src/domain/errors';
import { validateClauses } from '../../src/domain/rules/clause-validation.rule';
import { fingerprint, stepInputs } from '../../src/domain/rules/fingerprint';
import { evaluateStep } from '../../src/domain/rules';
import { keepOrRedecide } from '../../src/domain/chain/revision-keeping';
import { nextSlaEvent, type SlaEvent } from '../../src/domain/chain/sla-next-event';
import { decidedStepFields, haltForDecision, timeoutDecision } from '../../src/domain/chain/step-status';
import { closingStageIndex } from '../../src/domain/chain/policy';
import { deadlineChangeProblem } from '../../src/domain/sla/deadline-change';
import { decisionRefusal, haltRefusal, openTaskRefusal, type Refusal } from '../../src/domain/routing/decision-eligibility';
import { delegationRefusal } from '../../src/domain/routing/delegation-eligibility';
import { formatMoney } from '../../src/domain/rules/format';
import { carryOverProgress, initialStepSla } from '../../src/domain/sla/sla-schedule';
import type { EvaluationContext, RuleResult } from '../../src/domain/rules/rule.types';
import {
  changeDeadlineUpdate,
  decideUpdate,
  delegateUpdate,
  retryUpdate,
  reviseUpdate,
  stateQuery,
  withdrawUpdate,
} from './messages';

// Bounded: an activity that keeps failing (whatever the input) opens an incident after about five
// minutes instead of retrying forever; data errors are non-retryable and open one at once
// (activities/failures.ts).
const bounded = proxyActivities<ContractActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

// Runs started before incidents existed keep retrying without limit: their code has no incident
// to fall back to, and a failed activity would fail the whole run.
const unbounded = proxyActivities<ContractActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Patch marker of the runs that have incidents, bounded retries, continue-as-new and audit event
 * keys by identity. Runs recorded without it replay the code they were recorded with.
 */
const HARDENED_PATCH = 'incidents-identity-keys-bounded-retries';

// Reporting an incident writes only text the activity cleans first, so it cannot fail on the data
// that caused the incident; it retries until the database answers.
const reporting = proxyActivities<Pick<ContractActivities, 'reportIncidents'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** An incident whose cause may pass by itself (database down, every attempt used) is retried this often. */
const INCIDENT_AUTO_RETRY = '10 minutes';
/** The retry Update waits this long for the retried activity before answering with the state at that moment. */
const RETRY_ANSWER_WITHIN = '20 seconds';
/** Continue-as-new while the contract waits for the rep once the history is longer than this. */
const DEFAULT_HISTORY_LIMIT = 10_000;

// Mail retries for as long as it takes: if SMTP is down, nothing is lost and it goes out when
// SMTP returns. The activity itself skips mail for tasks that closed in the meantime.
const mail = proxyActivities<Pick<ContractActivities, 'sendTaskMail' | 'sendRepMail'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

type Halt =
  | { kind: 'rejected'; byUserId: string; comment?: string }
  | { kind: 'changes_requested'; byId: string; comment?: string; problems?: string[] }
  | { kind: 'withdrawn'; byUserId: string; comment?: string };

type Outcome = 'approved' | Halt['kind'];

interface WorkflowTask extends TaskState {
  persisted: boolean;
  scheduleVersion: number;
  /** Delegations so far: the nth delegation of a task has its own audit key and mail. */
  delegations?: number;
}

function fail(code: DomainErrorCode, message: string, details?: Record<string, unknown>): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true, details: details ? [details] : undefined });
}

/** Throws a domain rule's refusal as the Update's failure; nothing when the rule allows it. */
function refuse(refusal: Refusal | null): void {
  if (refusal) fail(refusal.code, refusal.message, refusal.details);
}

const nowIso = () => new Date().toISOString();

class ContractEngine {
  private readonly policy: ChainPolicy;
  private readonly defs = new Map<string, StepDefinition>();
  private status: ContractStatus = 'in_review';
  private revision = 1;
  private submission: ContractSubmission;
  private readonly steps = new Map<string, StepState>();
  private previousSteps = new Map<string, StepState>();
  private readonly tasks = new Map<string, WorkflowTask>();
  private halt: Halt | null = null;
  private pendingRevision: RevisionRequest | null = null;
  private withdrawRequest: WithdrawRequest | null = null;
  private finished = false;
  /** Every approval is in and the closing bots run: a withdrawal could no longer undo the order. */
  private closing = false;

  private readonly incidents: Incident[] = [];
  private retryRequests = 0;
  private incidentChanges = 0;
  private pendingWrites = 0;

  private products: Record<string, Product> = {};
  private clauseLibrary: ClauseLibrary | null = null;
  private derived: DerivedFigures | null = null;
  private customer: CustomerRecord | undefined;
  private deviations: ClauseDeviation[] | undefined;

  private reworkSince: string | null = null;
  private reworkMs = 0;

  // Persistence: one ordered queue, so writes for this contract land in the order they happened.
  private persistQueue: Promise<unknown> = Promise.resolve();
  private dirtySteps = new Set<string>();
  private dirtyContract: ContractProgress = {};
  private events: AuditEventInput[] = [];
  private eventSeq = 0;
  private readonly background: Promise<unknown>[] = [];
  private backgroundPending = 0;

  /** Runs since incidents existed; older histories replay the code they were recorded with. */
  private readonly withIncidents: boolean;
  private readonly acts: ContractActivities;

  constructor(private readonly input: ContractWorkflowInput) {
    this.withIncidents = patched(HARDENED_PATCH);
    this.acts = this.withIncidents ? bounded : unbounded;
    this.policy = input.policy;
    this.submission = input.submission;
    for (const def of this.policy.steps) {
      this.defs.set(def.key, def);
      this.steps.set(def.key, { key: def.key, number: def.number, name: def.name, status: 'pending', revision: 1 });
    }
    // Before the handlers are installed: an Update buffered with the start of a continued run is
    // validated against the state carried over, not against an empty contract.
    if (input.carryOver) this.restore(input.carryOver);
  }

  // ---------------------------------------------------------------- handlers

  installHandlers(): void {
    setHandler(stateQuery, () => this.snapshot());
    setHandler(decideUpdate, (req) => this.onDecision(req), { validator: (req) => this.validateDecision(req) });
    setHandler(reviseUpdate, (req) => this.onRevision(req), { validator: (req) => this.validateRevision(req) });
    setHandler(withdrawUpdate, (req) => this.onWithdraw(req), { validator: (req) => this.validateWithdraw(req) });
    setHandler(delegateUpdate, (req) => this.onDelegate(req), { validator: (req) => this.validateDelegate(req) });
    setHandler(changeDeadlineUpdate, (req) => this.onDeadline(req), { validator: (req) => this.validateDeadline(req) });
    setHandler(retryUpdate, (req) => this.onRetry(req), { validator: (_req) => this.validateRetry() });
  }

  /** Refuses changes to tasks once a rejection, a request for changes or a withdrawal halted the contract. */
  private refuseIfHalted(): void {
    refuse(haltRefusal(this.halt?.kind, this.status));
  }

  private openTaskOrFail(taskId: string): WorkflowTask {
    const task = this.tasks.get(taskId);
    refuse(openTaskRefusal(taskId, task, task && {
      decision: task.decision,
      decidedById: task.decidedById,
      decidedByKind: task.decidedByKind,
      decidedAt: task.decidedAt,
      status: task.status,
    }));
    return task!;
  }

  private validateDecision(req: DecisionRequest): void {
    const task = this.openTaskOrFail(req.taskId);
    this.refuseIfHalted();
    refuse(decisionRefusal({ task, userId: req.userId, submitterId: this.input.submitterId, decision: req.decision, comment: req.comment, revision: req.revision }));
  }

  private async onDecision(req: DecisionRequest): Promise<ContractSnapshot> {
    const task = this.tasks.get(req.taskId)!;
    // Decided synchronously, so a second click's validator already sees it.
    task.status = 'decided';
    task.decision = req.decision;
    task.decidedById = req.userId;
    task.decidedByKind = 'user';
    task.comment = req.comment?.trim() || undefined;
    task.decidedAt = nowIso();
    task.persisted = false;
    // First decision wins: whoever else could decide (the assignee, or the managers it escalated to) is told.
    const told = this.tellOthersDecided(task, req.userId);
    this.event(task.taskId, AUDIT_EVENT_TYPES.TASK_DECIDED, 'user', req.userId, task.stepKey, {
      taskId: task.taskId,
      decision: req.decision,
      comment: task.comment ?? null,
      onBehalfOf: req.userId === task.assigneeId ? null : task.assigneeId,
      othersTold: told,
    }, req.origin);
    // Answers once the decision is stored, or at once when the contract is stuck on an incident
    // (the decision is kept and stored when the incident is resolved).
    await condition(() => task.persisted || this.incidents.length > 0);
    return this.snapshot();
  }

  /**
   * Everyone else who could have decided the task — the assignee when a manager decided, the
   * managers when the assignee (or another manager, or the timeout rule) did — goes into the
   * step's SLA state; applyDecision mails them once the decision is stored. Returns who.
   */
  private tellOthersDecided(task: WorkflowTask, deciderId: string): string[] {
    const others = [...new Set([task.assigneeId, ...task.escalatedTo])].filter((id) => id !== deciderId);
    const step = this.steps.get(task.stepKey)!;
    if (others.length && step.sla) {
      step.sla.toldOfDecision = others;
      this.touch(step.key);
    }
    return others;
  }

  private validateRevision(req: RevisionRequest): void {
    if (req.userId !== this.input.submitterId) fail(DomainErrorCode.NOT_SUBMITTER, 'Only the submitting rep may revise the contract');
    if (this.status !== 'changes_requested' || this.pendingRevision) {
      fail(DomainErrorCode.CONTRACT_NOT_EDITABLE, `Contract is ${this.status}; it can be revised only when changes are requested`);
    }
    if (req.baseRevision !== this.revision) {
      fail(DomainErrorCode.STALE_REVISION, `Current revision is ${this.revision}, not ${req.baseRevision}`);
    }
  }

  private async onRevision(req: RevisionRequest): Promise<ContractSnapshot> {
    this.pendingRevision = req;
    const target = req.baseRevision + 1;
    await condition(() => (this.revision >= target && this.status !== 'changes_requested') || this.finished || this.incidents.length > 0);
    if (this.withIncidents) await condition(() => this.pendingWrites === 0 || this.incidents.length > 0);
    else await this.persistQueue;
    return this.snapshot();
  }

  private validateWithdraw(req: WithdrawRequest): void {
    if (req.userId !== this.input.submitterId) fail(DomainErrorCode.NOT_SUBMITTER, 'Only the submitting rep may withdraw the contract');
    if (this.finished || this.withdrawRequest || (this.status !== 'in_review' && this.status !== 'changes_requested')) {
      fail(DomainErrorCode.CONTRACT_ALREADY_CLOSED, `Contract is already ${this.status}`);
    }
    if (this.closing) {
      fail(DomainErrorCode.CONTRACT_CLOSING, 'Every approval is in and the order is being created; the contract can no longer be withdrawn');
    }
  }

  private async onWithdraw(req: WithdrawRequest): Promise<ContractSnapshot> {
    this.withdrawRequest = req;
    if (!this.halt) this.halt = { kind: 'withdrawn', byUserId: req.userId, comment: req.reason };
    await condition(() => this.finished || this.incidents.length > 0);
    return this.snapshot();
  }

  private validateDelegate(req: DelegateRequest): void {
    const task = this.openTaskOrFail(req.taskId);
    this.refuseIfHalted();
    refuse(delegationRefusal({ task, byUserId: req.byUserId, toUserId: req.toUserId, submitterId: this.input.submitterId }));
  }

  private async onDelegate(req: DelegateRequest): Promise<ContractSnapshot> {
    const task = this.tasks.get(req.taskId)!;
    const from = task.assigneeId;
    task.assigneeId = req.toUserId;
    const step = this.steps.get(task.stepKey)!;
    if (step.sla && !step.sla.notifiedUserIds.includes(req.toUserId)) step.sla.notifiedUserIds.push(req.toUserId);
    this.touch(step.key);
    task.delegations = (task.delegations ?? 0) + 1;
    this.event(`${task.taskId}:${task.delegations}`, AUDIT_EVENT_TYPES.TASK_DELEGATED, 'user', req.byUserId, task.stepKey, {
      taskId: task.taskId,
      fromUserId: from,
      toUserId: req.toUserId,
      originalAssigneeId: task.originalAssigneeId,
      comment: req.comment ?? null,
    }, req.origin);
    const at = nowIso();
    const reassigning = this.persist('reassignTask', task.stepKey, (progress) =>
      this.acts.reassignTask({
        contractId: this.input.contractId,
        taskId: task.taskId,
        toUserId: req.toUserId,
        byUserId: req.byUserId,
        comment: req.comment,
        at,
        submitterId: this.input.submitterId,
        escalationLevels: this.policy.escalationLevels,
        progress,
      }),
    );
    if (!this.withIncidents) {
      const reassigned = await reassigning;
      // Escalation now goes up from the delegate (levels already fired keep their manager).
      // Histories recorded before the activity returned a chain keep the first assignee's.
      if (reassigned?.escalationChain) task.escalationChain = reassigned.escalationChain;
      this.sendTaskMail({ taskId: task.taskId, eventKey: `${task.taskId}:delegated:${req.toUserId}:${this.eventSeq}`, kind: 'task_delegated' });
      return this.snapshot();
    }
    const mailKey = `${task.taskId}:delegated:${req.toUserId}:${task.delegations}`;
    const delegated = reassigning.then((reassigned) => {
      if (reassigned?.escalationChain) task.escalationChain = reassigned.escalationChain;
      // Mailed once the delegation is stored, even when that waits for an incident to be resolved.
      this.sendTaskMail({ taskId: task.taskId, eventKey: mailKey, kind: 'task_delegated' });
    });
    await this.settledOrIncident(delegated);
    return this.snapshot();
  }

  private validateDeadline(req: DeadlineRequest): void {
    this.openTaskOrFail(req.taskId);
    this.refuseIfHalted();
    const problem = deadlineChangeProblem({ dueAt: req.dueAt, now: Date.now(), reason: req.reason });
    if (problem) fail(DomainErrorCode.DEADLINE_INVALID, problem, { field: 'dueAt' });
  }

  private async onDeadline(req: DeadlineRequest): Promise<ContractSnapshot> {
    const task = this.tasks.get(req.taskId)!;
    const def = this.defs.get(task.stepKey)!;
    let schedule: TaskState['schedule'];
    try {
      schedule = await this.acts.rescheduleTask({
        taskId: task.taskId,
        createdAt: task.createdAt,
        dueAt: new Date(Date.parse(req.dueAt)).toISOString(),
        slaBusinessHours: def.slaBusinessHours,
        reminderFractions: this.policy.reminderFractions,
        escalationLevels: this.policy.escalationLevels,
      });
    } catch (err) {
      // Nothing changed yet: the caller is told, the task keeps its deadline.
      if (err instanceof ActivityFailure) fail(DomainErrorCode.DEADLINE_INVALID, `The new deadline could not be scheduled: ${err.cause?.message ?? err.message}`, { field: 'dueAt' });
      throw err;
    }
    if (task.status !== 'open') return this.snapshot();
    const previousDueAt = task.schedule.dueAt;
    // Reminders and escalations that already happened stay recorded as they were and are not repeated.
    task.schedule = carryOverProgress(task.schedule, schedule, nowIso());
    task.scheduleVersion += 1;
    const step = this.steps.get(task.stepKey)!;
    if (step.sla) step.sla = { ...step.sla, ...task.schedule };
    this.touch(step.key);
    this.event(`${task.taskId}:${task.scheduleVersion}`, AUDIT_EVENT_TYPES.TASK_DEADLINE_CHANGED, 'user', req.byUserId, task.stepKey, {
      taskId: task.taskId,
      previousDueAt,
      dueAt: task.schedule.dueAt,
      reason: req.reason,
    }, req.origin);
    if (this.withIncidents) await this.settledOrIncident(this.flush());
    else await this.flush();
    return this.snapshot();
  }

  private validateRetry(): void {
    if (!this.incidents.length) fail(DomainErrorCode.NO_INCIDENT, 'Nothing is stuck on this contract: it has no open incident');
  }

  private async onRetry(req: RetryRequest): Promise<ContractSnapshot> {
    this.retryRequests += 1;
    const changes = this.incidentChanges;
    await reporting.reportIncidents({
      contractId: this.input.contractId,
      open: this.incidents.map((i) => ({ ...i })),
      event: this.incidentEvent(AUDIT_EVENT_TYPES.INCIDENT_RETRIED, `retry:${this.retryRequests}`, 'user', req.userId, null, {
        incidentIds: this.incidents.map((i) => i.id),
      }, req.origin),
    });
    // Answer with the outcome when the retried activity settles soon; otherwise with the state now.
    await condition(() => this.incidentChanges !== changes, RETRY_ANSWER_WITHIN);
    return this.snapshot();
  }

  // ---------------------------------------------------------------- main line

  async run(): Promise<ContractSnapshot> {
    const carried = this.input.carryOver;
    if (!carried) this.setContract({ status: 'in_review', revision: 1 });
    let withRep = carried !== undefined;
    for (;;) {
      if (!withRep) {
        const outcome = await this.runRevision();
        if (outcome !== 'changes_requested') {
          await this.finish(outcome);
          return this.snapshot();
        }
        await this.enterRework();
      }
      // A run that has just continued waits for the rep first: continuing again at once would
      // loop when the limit is below the size of a fresh run's history.
      const resumed = withRep;
      withRep = false;
      if (!resumed && this.historyTooLong()) await this.continueAsNewWithRep();
      await condition(() => this.pendingRevision !== null || this.withdrawRequest !== null);
      if (this.withdrawRequest) {
        this.halt = { kind: 'withdrawn', byUserId: this.withdrawRequest.userId, comment: this.withdrawRequest.reason };
        await this.finish('withdrawn');
        return this.snapshot();
      }
      await this.applyRevision(this.pendingRevision!);
    }
  }

  /**
   * A contract sent back many times would grow its history without bound: while it waits for
   * the rep (nothing in flight), a long run continues as new, carrying its state over.
   */
  private historyTooLong(): boolean {
    if (!this.withIncidents) return false;
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (this.input.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  }

  private async continueAsNewWithRep(): Promise<void> {
    const request = () => this.pendingRevision !== null || this.withdrawRequest !== null;
    // Mail already scheduled goes out from this run; an Update under way finishes here.
    await condition(() => (this.backgroundPending === 0 && allHandlersFinished()) || request());
    if (request()) return;
    await continueAsNew<typeof contractApprovalWorkflow>({ ...this.input, carryOver: this.carryOver() });
  }

  private carryOver(): EngineCarryOver {
    const halt = this.halt as Extract<Halt, { kind: 'changes_requested' }>;
    return {
      revision: this.revision,
      submission: this.submission,
      steps: [...this.steps.values()].map((s) => ({ ...s })),
      tasks: [...this.tasks.values()].filter((t) => t.revision === this.revision).map(({ persisted: _persisted, ...t }) => ({ ...t })),
      changesRequested: { byId: halt.byId, comment: halt.comment, problems: halt.problems },
      reworkSince: this.reworkSince!,
      reworkMs: this.reworkMs,
      eventSeq: this.eventSeq,
      retryRequests: this.retryRequests,
      runs: (this.input.carryOver?.runs ?? 0) + 1,
    };
  }

  private restore(c: EngineCarryOver): void {
    this.revision = c.revision;
    this.submission = c.submission;
    for (const step of c.steps) this.steps.set(step.key, { ...step });
    for (const task of c.tasks) this.tasks.set(task.taskId, { ...task, persisted: true });
    this.halt = { kind: 'changes_requested', ...c.changesRequested };
    this.status = 'changes_requested';
    this.reworkSince = c.reworkSince;
    this.reworkMs = c.reworkMs;
    this.eventSeq = c.eventSeq;
    this.retryRequests = c.retryRequests;
  }

  private async runRevision(): Promise<Outcome> {
    this.halt = null;
    this.closing = false;
    const skus = [...new Set(this.submission.lines.map((l) => l.sku))];
    const ref = await this.call('prepareRevision', null, () => this.acts.prepareRevision({ contractId: this.input.contractId, skus }));
    this.products = ref.products;
    this.clauseLibrary = ref.clauseLibrary;
    this.derived = deriveFigures(this.submission, this.products);
    this.customer = undefined;
    this.deviations = undefined;
    this.setContract({ discountPercent: this.derived.discountPercent });

    const closingFrom = closingStageIndex(this.policy);
    for (const [index, stage] of this.policy.stages.entries()) {
      if (index >= closingFrom) this.closing = true;
      await Promise.all(stage.tracks.map((track) => this.runTrack(track)));
      if (this.halted()) break;
    }
    const halt = this.halted();
    if (halt) {
      await this.cancelOpenTasks(halt);
      return halt.kind;
    }
    return 'approved';
  }

  private async runTrack(keys: string[]): Promise<void> {
    for (const key of keys) {
      if (this.halt) return;
      const proceed = await this.runStep(this.defs.get(key)!);
      if (!proceed) return;
    }
  }

  private context(): EvaluationContext {
    return {
      policy: this.policy,
      contract: this.submission,
      revision: this.revision,
      submittedAt: this.input.submittedAt,
      submitterId: this.input.submitterId,
      products: this.products,
      clauseLibrary: this.clauseLibrary!,
      customer: this.customer,
      clauseDeviations: this.deviations,
      derived: this.derived!,
    };
  }

  private approvals(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, s] of this.steps) out[key] = s.status;
    return out;
  }

  /** Runs one step; returns whether its track may go on. */
  private async runStep(def: StepDefinition): Promise<boolean> {
    const step = this.steps.get(def.key)!;
    Object.assign(step, { status: 'in_progress', revision: this.revision, startedAt: nowIso(), completedAt: undefined });
    this.touch(def.key);

    if (def.mode === 'bot_activity') return this.runBot(def, step);

    if (def.key === 'clause_validation') this.deviations = validateClauses(this.submission.clauses, this.clauseLibrary!);
    const ctx = this.context();
    const print = fingerprint(stepInputs(def, ctx, this.approvals()));
    const keeping = keepOrRedecide(this.previousSteps.get(def.key), print);
    if (keeping.kind === 'keep') {
      const kept = keeping.fields;
      Object.assign(step, kept, { completedAt: nowIso() });
      this.event(def.key, AUDIT_EVENT_TYPES.STEP_DECISION_KEPT, 'rule', kept.decidedBy?.id ?? null, def.key, {
        keptFromRevision: keeping.keptFromRevision,
        status: kept.status,
        decidedBy: kept.decidedBy ?? null,
      });
      this.touch(def.key);
      return true;
    }

    const result = evaluateStep(def, ctx);
    const changedNote = keeping.note;
    switch (result.outcome) {
      case 'approve':
      case 'skip':
        this.decideByRule(step, def, result, print, changedNote);
        return result.outcome === 'approve' || result.outcome === 'skip';
      case 'return_to_rep':
        Object.assign(step, this.ruleDecision(result, print, changedNote), { status: 'changes_requested', problems: result.problems, completedAt: nowIso() });
        this.event(def.key, AUDIT_EVENT_TYPES.CHANGES_REQUESTED, 'rule', result.ruleId, def.key, {
          ruleId: result.ruleId,
          policyVersion: this.policy.version,
          reason: result.reason,
          problems: result.problems ?? [],
        });
        this.touch(def.key);
        this.halt ??= { kind: 'changes_requested', byId: result.ruleId, problems: result.problems, comment: result.reason };
        return false;
      case 'human':
        return this.runHumanStep(def, step, result, print, changedNote);
    }
  }

  private ruleDecision(result: RuleResult, print: string, note: string): Partial<StepState> {
    return {
      decidedBy: { kind: 'rule', id: result.ruleId },
      policyVersion: this.policy.version,
      reason: note + result.reason,
      inputs: result.inputs,
      fingerprint: print,
      keptFromRevision: undefined,
      taskId: undefined,
      sla: undefined,
      comment: undefined,
    };
  }

  private decideByRule(step: StepState, def: StepDefinition, result: RuleResult, print: string, note: string): void {
    const status = result.outcome === 'skip' ? 'skipped' : 'auto_approved';
    Object.assign(step, this.ruleDecision(result, print, note), { status, problems: undefined, completedAt: nowIso() });
    this.event(def.key, status === 'skipped' ? AUDIT_EVENT_TYPES.STEP_SKIPPED : AUDIT_EVENT_TYPES.STEP_AUTO_APPROVED, 'rule', result.ruleId, def.key, {
      ruleId: result.ruleId,
      policyVersion: this.policy.version,
      reason: step.reason,
      inputs: result.inputs,
    });
    this.touch(def.key);
  }

  private async runBot(def: StepDefinition, step: StepState): Promise<boolean> {
    this.event(def.key, AUDIT_EVENT_TYPES.STEP_STARTED, 'bot', def.key, def.key, {});
    let ruleId: string;
    let reason: string;
    let inputs: Record<string, unknown>;
    const cid = this.input.contractId;
    switch (def.key) {
      case 'customer_capture': {
        await this.flush();
        const customer = await this.call('captureCustomer', def.key, () => this.acts.captureCustomer({ contractId: cid, customer: this.submission.customer }));
        this.customer = customer;
        this.setContract({ customerId: customer.id });
        ruleId = 'customer_capture.registry_lookup';
        reason = customer.created
          ? `Customer ${customer.registrationNumber} was not in the registry; created a new record with credit limit 0`
          : `Found ${customer.name} (${customer.registrationNumber}) in the registry: credit limit ${formatMoney(customer.creditLimit)}, outstanding ${formatMoney(customer.outstandingBalance)}, ${customer.maxOverdueDays > 0 ? `oldest invoice ${customer.maxOverdueDays} days overdue` : 'nothing overdue'}${customer.deniedParty ? ', ON THE DENIED-PARTY LIST' : ''}`;
        inputs = { registrationNumber: customer.registrationNumber, customer };
        break;
      }
      case 'contract_generation': {
        await this.flush();
        const doc = await this.call('generateDocument', def.key, () => this.acts.generateDocument({ contractId: cid, revision: this.revision, eventKey: `${cid}:document:${this.revision}` }));
        ruleId = 'contract_generation.render_html';
        reason = `Rendered the final contract document (${doc.bytes} bytes, sha256 ${doc.sha256.slice(0, 12)}…)`;
        inputs = { revision: this.revision, sha256: doc.sha256 };
        break;
      }
      case 'order_creation': {
        await this.flush();
        const order = await this.call('createOrder', def.key, () => this.acts.createOrder({ contractId: cid, revision: this.revision, eventKey: `${cid}:order` }));
        ruleId = 'order_creation.erp_order';
        reason = `Created sales order ${order.orderNumber}`;
        inputs = { orderId: order.orderId, orderNumber: order.orderNumber };
        break;
      }
      default:
        throw ApplicationFailure.nonRetryable(`Policy ${this.policy.version} names bot step ${def.key}, which has no bot`);
    }
    Object.assign(step, {
      status: 'auto_approved',
      decidedBy: { kind: 'rule', id: ruleId },
      policyVersion: this.policy.version,
      reason,
      inputs,
      fingerprint: undefined,
      keptFromRevision: undefined,
      completedAt: nowIso(),
    });
    this.event(def.key, AUDIT_EVENT_TYPES.STEP_BOT_COMPLETED, 'bot', ruleId, def.key, { ruleId, reason, policyVersion: this.policy.version });
    this.touch(def.key);
    return true;
  }

  private async runHumanStep(def: StepDefinition, step: StepState, result: RuleResult, print: string, note: string): Promise<boolean> {
    const taskId = uuid4();
    const createdAt = nowIso();
    Object.assign(step, {
      status: 'waiting',
      decidedBy: undefined,
      policyVersion: this.policy.version,
      reason: note + result.reason,
      inputs: result.inputs,
      problems: result.problems,
      fingerprint: print,
      keptFromRevision: undefined,
      comment: undefined,
      taskId,
    });
    this.touch(def.key);
    this.event(taskId, AUDIT_EVENT_TYPES.TASK_CREATED, 'rule', result.ruleId, def.key, {
      taskId,
      ruleId: result.ruleId,
      policyVersion: this.policy.version,
      reason: result.reason,
      problems: result.problems ?? [],
    });
    const opened: OpenTaskResult = await this.persist('openTask', def.key, (progress) =>
      this.acts.openTask({
        contractId: this.input.contractId,
        taskId,
        stepKey: def.key,
        stepName: def.name,
        revision: this.revision,
        assignee: def.assignee!,
        submitterId: this.input.submitterId,
        slaBusinessHours: def.slaBusinessHours,
        reminderFractions: this.policy.reminderFractions,
        escalationLevels: this.policy.escalationLevels,
        policyVersion: this.policy.version,
        ruleResult: { ruleId: result.ruleId, reason: result.reason, problems: result.problems, inputs: result.inputs },
        createdAt,
        progress,
      }),
    );
    const task: WorkflowTask = {
      taskId,
      stepKey: def.key,
      revision: this.revision,
      assigneeId: opened.assigneeId,
      originalAssigneeId: opened.originalAssigneeId,
      escalatedTo: [],
      escalationChain: opened.escalationChain,
      status: 'open',
      schedule: opened.schedule,
      slaBusinessHours: def.slaBusinessHours,
      createdAt,
      persisted: false,
      scheduleVersion: 0,
    };
    this.tasks.set(taskId, task);
    // openTask stored the same state on the step row, so the contract shows the due time at once.
    step.sla = initialStepSla(opened.schedule, opened.assigneeId);
    this.sendTaskMail({ taskId, eventKey: `${taskId}:assigned`, kind: 'task_assigned' });

    await this.awaitTask(task, def, step);

    if (task.status === 'open') {
      // Halted elsewhere (rejection, changes requested on another track, withdrawal): cancelled below.
      return false;
    }
    return this.applyDecision(task, def, step);
  }

  /** Waits for a decision while firing reminders and escalations on the task's schedule. */
  private async awaitTask(task: WorkflowTask, def: StepDefinition, step: StepState): Promise<void> {
    while (task.status === 'open' && !this.halt) {
      const next = nextSlaEvent(task.schedule);
      const version = task.scheduleVersion;
      const wake = () => task.status !== 'open' || this.halt !== null || task.scheduleVersion !== version;
      if (!next) {
        await condition(wake);
        continue;
      }
      const wait = Date.parse(next.at) - Date.now();
      if (wait > 0) await condition(wake, wait);
      // A decision, a halt or a new deadline may land in the same activation as the timer: look
      // again rather than fire an event from the schedule that was just replaced.
      if (wake()) continue;
      await this.fireSlaEvent(task, def, step, next);
    }
  }

  private async fireSlaEvent(task: WorkflowTask, def: StepDefinition, step: StepState, next: SlaEvent): Promise<void> {
    const at = nowIso();
    const sla = step.sla!;
    if (next.kind === 'reminder') {
      const reminder = task.schedule.reminders.find((r) => r.fraction === next.fraction)!;
      reminder.sentAt = at;
      sla.reminders = task.schedule.reminders.map((r) => ({ ...r }));
      this.touch(step.key);
      this.event(`${task.taskId}:${next.fraction}:${task.scheduleVersion}`, AUDIT_EVENT_TYPES.TASK_REMINDER_SENT, 'system', null, step.key, {
        taskId: task.taskId,
        toUserId: task.assigneeId,
        fraction: next.fraction,
        dueAt: task.schedule.dueAt,
      });
      this.sendTaskMail({ taskId: task.taskId, eventKey: `${task.taskId}:reminder:${next.fraction}:${task.scheduleVersion}`, kind: 'task_reminder', fraction: next.fraction });
      await this.flush();
      return;
    }

    const escalation = task.schedule.escalations.find((e) => e.level === next.level)!;
    escalation.firedAt = at;
    sla.breached = true;
    this.setContract({ anyStepBreached: true });

    if (next.level === 1 && def.autoApproveOnTimeout) {
      const timeout = timeoutDecision(def, task.schedule.dueAt);
      task.status = 'decided';
      task.decision = timeout.decision;
      task.decidedByKind = timeout.decidedByKind;
      task.decidedById = timeout.decidedById;
      task.decidedAt = at;
      sla.escalations = task.schedule.escalations.map((e) => ({ ...e }));
      const told = this.tellOthersDecided(task, timeout.decidedById);
      this.event(task.taskId, AUDIT_EVENT_TYPES.TASK_TIMEOUT_AUTO_APPROVED, 'rule', timeout.decidedById, step.key, {
        taskId: task.taskId,
        dueAt: task.schedule.dueAt,
        policyVersion: this.policy.version,
        othersTold: told,
      });
      return;
    }

    const toUserId = task.escalationChain[next.level - 1];
    escalation.toUserId = toUserId;
    sla.escalations = task.schedule.escalations.map((e) => ({ ...e }));
    sla.escalationLevel = next.level;
    if (toUserId) {
      task.escalatedTo.push(toUserId);
      if (!sla.notifiedUserIds.includes(toUserId)) sla.notifiedUserIds.push(toUserId);
    }
    this.touch(step.key);
    this.event(`${task.taskId}:${next.level}`, AUDIT_EVENT_TYPES.TASK_ESCALATED, 'system', null, step.key, {
      taskId: task.taskId,
      level: next.level,
      toUserId: toUserId ?? null,
      assigneeId: task.assigneeId,
      dueAt: task.schedule.dueAt,
      // The chain ran out (the assignee is at or near the top): the level is recorded, nobody new is told.
      note: toUserId ? null : 'No manager left to escalate to: the task stays with the assignee and the managers already notified',
    });
    await this.persist('escalateTask', step.key, (progress) =>
      this.acts.escalateTask({ contractId: this.input.contractId, taskId: task.taskId, level: next.level, toUserId: toUserId ?? '', at, progress }),
    );
    if (toUserId) {
      this.sendTaskMail({ taskId: task.taskId, eventKey: `${task.taskId}:escalated:${next.level}`, kind: 'task_escalated', toUserId, escalationLevel: next.level });
    }
  }

  private async applyDecision(task: WorkflowTask, def: StepDefinition, step: StepState): Promise<boolean> {
    Object.assign(step, decidedStepFields(task, this.policy.version));
    this.touch(def.key);
    const halt = haltForDecision(task);
    if (halt) this.halt ??= halt;

    await this.persist('closeTask', def.key, (progress) =>
      this.acts.closeTask({
        contractId: this.input.contractId,
        taskId: task.taskId,
        decision: task.decision!,
        decidedById: task.decidedById!,
        decidedByKind: task.decidedByKind!,
        comment: task.comment,
        decidedAt: task.decidedAt!,
        progress,
      }),
    );
    task.persisted = true;
    // Sent after the decision is stored, so the mail can say who decided and how.
    for (const toUserId of step.sla?.toldOfDecision ?? []) {
      this.sendTaskMail({ taskId: task.taskId, eventKey: `${task.taskId}:decided-elsewhere:${toUserId}`, kind: 'task_decided_elsewhere', toUserId });
    }
    return task.decision === 'approve';
  }

  private async cancelOpenTasks(halt: Halt): Promise<void> {
    const open = [...this.tasks.values()].filter((t) => t.status === 'open');
    if (!open.length) {
      await this.flush();
      return;
    }
    const reason = { rejected: 'contract rejected', changes_requested: 'contract returned to the rep', withdrawn: 'contract withdrawn' }[halt.kind];
    for (const task of open) {
      task.status = 'cancelled';
      task.persisted = true;
      const step = this.steps.get(task.stepKey)!;
      Object.assign(step, { status: 'pending', reason: `Task cancelled: ${reason}`, decidedBy: undefined, fingerprint: undefined, completedAt: undefined });
      this.touch(step.key);
      this.event(task.taskId, AUDIT_EVENT_TYPES.TASK_CANCELLED, 'system', null, task.stepKey, { taskId: task.taskId, reason });
    }
    const at = nowIso();
    await this.persist('cancelTasks', null, (progress) =>
      this.acts.cancelTasks({ contractId: this.input.contractId, taskIds: open.map((t) => t.taskId), reason, at, progress }),
    );
  }

  private async enterRework(): Promise<void> {
    const halt = this.halt as Extract<Halt, { kind: 'changes_requested' }>;
    this.status = 'changes_requested';
    this.reworkSince = nowIso();
    this.setContract({ status: 'changes_requested', reworkSince: this.reworkSince, problems: halt.problems ?? null });
    this.event('contract', AUDIT_EVENT_TYPES.CHANGES_REQUESTED, halt.problems ? 'rule' : 'user', halt.byId, null, {
      comment: halt.comment ?? null,
      problems: halt.problems ?? [],
    });
    await this.flush();
    this.upsertSearch();
    this.sendRepMail({ kind: 'changes_requested', comment: halt.comment, problems: halt.problems });
  }

  private async applyRevision(req: RevisionRequest): Promise<void> {
    const at = nowIso();
    this.reworkMs += Date.parse(at) - Date.parse(this.reworkSince!);
    this.reworkSince = null;
    this.revision = req.baseRevision + 1;
    this.submission = req.submission;
    this.pendingRevision = null;
    this.previousSteps = new Map([...this.steps].map(([k, s]) => [k, { ...s }]));
    for (const [key, s] of this.steps) {
      this.steps.set(key, { key, number: s.number, name: s.name, status: 'pending', revision: this.revision });
      this.touch(key);
    }
    this.status = 'in_review';
    this.setContract({ status: 'in_review', revision: this.revision, reworkSince: null, reworkMs: this.reworkMs, problems: null });
    this.event('contract', AUDIT_EVENT_TYPES.CONTRACT_REVISED, 'user', req.userId, null, { changedFields: req.changedFields, comment: req.comment ?? null }, req.origin);
    await this.persist('recordRevision', null, (progress) =>
      this.acts.recordRevision({
        contractId: this.input.contractId,
        revision: this.revision,
        submission: req.submission,
        changedFields: req.changedFields,
        userId: req.userId,
        comment: req.comment,
        progress,
      }),
    );
    this.upsertSearch();
  }

  private async finish(outcome: Outcome): Promise<void> {
    if (outcome === 'withdrawn') await this.cancelOpenTasks(this.halt!);
    const at = nowIso();
    if (this.reworkSince) {
      this.reworkMs += Date.parse(at) - Date.parse(this.reworkSince);
      this.reworkSince = null;
    }
    this.status = outcome === 'changes_requested' ? 'in_review' : outcome;
    this.setContract({ status: this.status, completedAt: at, reworkSince: null, reworkMs: this.reworkMs });
    const halt = this.halt;
    const type = { approved: AUDIT_EVENT_TYPES.CONTRACT_APPROVED, rejected: AUDIT_EVENT_TYPES.CONTRACT_REJECTED, withdrawn: AUDIT_EVENT_TYPES.CONTRACT_WITHDRAWN, changes_requested: AUDIT_EVENT_TYPES.CHANGES_REQUESTED }[outcome];
    const actor: [ActorKind, string | null] = halt && 'byUserId' in halt ? ['user', halt.byUserId] : ['system', null];
    this.event('contract', type, actor[0], actor[1], null, { comment: halt?.comment ?? null, policyVersion: this.policy.version }, outcome === 'withdrawn' ? this.withdrawRequest?.origin : undefined);
    await this.flush();
    this.finished = true;
    this.upsertSearch();
    const kind = ({ approved: 'contract_approved', rejected: 'contract_rejected', withdrawn: 'contract_withdrawn' } as const)[outcome as 'approved'];
    if (kind) this.sendRepMail({ kind, comment: halt?.comment });
    // Mail already scheduled still goes out (SMTP may be down); wait for it before closing.
    await Promise.allSettled(this.background);
  }

  // ---------------------------------------------------------------- persistence and messages

  /** Read through a method: tracks running in parallel set it while this one awaits. */
  private halted(): Halt | null {
    return this.halt;
  }

  private touch(stepKey: string): void {
    this.dirtySteps.add(stepKey);
  }

  private setContract(fields: ContractProgress): void {
    Object.assign(this.dirtyContract, fields);
    if (fields.status) this.status = fields.status;
  }

  /**
   * Records an audit event. Its key says what it is about — contract, revision, type and
   * `identity` (the step, the task, the task and reminder or escalation level, ...) — so the same
   * event always gets the same key, however the code around it changes: a retried write is
   * recognised, and a new or moved event() call cannot take a key that a stored event already
   * has (which ON CONFLICT DO NOTHING would silently drop). Runs recorded before identity keys
   * keep their counter keys on replay.
   */
  private event(identity: string, type: AuditEventType, actorKind: ActorKind, actorId: string | null, stepKey: string | null, data: Record<string, unknown>, origin?: Record<string, unknown>): void {
    this.eventSeq += 1;
    const key = this.withIncidents ? `${this.input.contractId}:${this.revision}:${type}:${identity}` : `${this.input.contractId}:${this.eventSeq}`;
    this.events.push(this.auditEvent(key, type, actorKind, actorId, stepKey, data, origin));
  }

  private auditEvent(eventKey: string, type: AuditEventType, actorKind: ActorKind, actorId: string | null, stepKey: string | null, data: Record<string, unknown>, origin?: Record<string, unknown>): AuditEventInput {
    return {
      eventKey,
      type,
      contractId: this.input.contractId,
      actorKind,
      actorId,
      revision: this.revision,
      stepKey,
      occurredAt: nowIso(),
      origin: origin ?? null,
      data,
    };
  }

  private takeBatch(): ProgressBatch {
    const steps = [...this.dirtySteps].map((k) => ({ ...this.steps.get(k)! }));
    const current = [...this.steps.values()].filter((s) => s.status === 'in_progress' || s.status === 'waiting').map((s) => s.key);
    const batch: ProgressBatch = {
      contractId: this.input.contractId,
      steps,
      contract: { ...this.dirtyContract, currentSteps: current },
      events: this.events,
    };
    this.dirtySteps = new Set();
    this.dirtyContract = {};
    this.events = [];
    return batch;
  }

  /**
   * Runs a persisting activity with everything not yet written, in order after earlier writes.
   * A failure it cannot retry past becomes an incident; later writes queue behind it, so the
   * stored state never skips a change.
   */
  private persist<T>(activity: string, stepKey: string | null, write: (progress: ProgressBatch) => Promise<T>): Promise<T> {
    if (!this.withIncidents) {
      const run = this.persistQueue.then(() => write(this.takeBatch()));
      this.persistQueue = run.catch(() => undefined);
      return run;
    }
    this.pendingWrites += 1;
    const run = this.persistQueue.then(() => {
      const batch = this.takeBatch();
      return this.guard(activity, stepKey, () => write(batch));
    });
    this.persistQueue = run.catch(() => undefined);
    return run.finally(() => {
      this.pendingWrites -= 1;
    });
  }

  /** An activity outside the write queue (reference data, bots), guarded like the writes. */
  private call<T>(activity: string, stepKey: string | null, run: () => Promise<T>): Promise<T> {
    return this.withIncidents ? this.guard(activity, stepKey, run) : run();
  }

  /**
   * Calls an activity; when it fails for good (non-retryable, or every attempt used) the contract
   * gets an incident and waits here for a retry: asked by ops (the retry Update), or on a timer
   * when the cause may pass by itself. The same input is sent again, so the fix is in the code
   * or the data the activity reads, never a skipped write.
   */
  private async guard<T>(activity: string, stepKey: string | null, call: () => Promise<T>): Promise<T> {
    let incident: Incident | null = null;
    for (;;) {
      try {
        const result = await call();
        if (incident) await this.closeIncident(incident);
        return result;
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        // Read before the report below is awaited: a retry asked while it is written must count.
        const asked = this.retryRequests;
        const cause = err.cause;
        const retryable = !(cause instanceof ApplicationFailure && cause.nonRetryable);
        const errorType = (cause instanceof ApplicationFailure ? cause.type : undefined) ?? cause?.name ?? 'ActivityFailure';
        const message = cause?.message ?? err.message;
        if (!incident) {
          incident = { id: uuid4(), activity, stepKey, errorType, message, retryable, openedAt: nowIso(), retries: 0 };
          await this.openIncident(incident);
        } else {
          Object.assign(incident, { errorType, message, retryable, retries: incident.retries + 1 });
          this.incidentChanges += 1;
          await reporting.reportIncidents({ contractId: this.input.contractId, open: this.incidents.map((i) => ({ ...i })), event: null });
        }
        const retried = () => this.retryRequests !== asked;
        if (incident.retryable) await condition(retried, INCIDENT_AUTO_RETRY);
        else await condition(retried);
      }
    }
  }

  private async openIncident(incident: Incident): Promise<void> {
    this.incidents.push(incident);
    this.incidentChanges += 1;
    log.warn('contract needs attention', { activity: incident.activity, stepKey: incident.stepKey, errorType: incident.errorType, message: incident.message });
    await reporting.reportIncidents({
      contractId: this.input.contractId,
      open: this.incidents.map((i) => ({ ...i })),
      event: this.incidentEvent(AUDIT_EVENT_TYPES.INCIDENT_OPENED, `${incident.id}:opened`, 'system', null, incident.stepKey, { ...incident }),
    });
  }

  private async closeIncident(incident: Incident): Promise<void> {
    this.incidents.splice(this.incidents.indexOf(incident), 1);
    this.incidentChanges += 1;
    await reporting.reportIncidents({
      contractId: this.input.contractId,
      open: this.incidents.map((i) => ({ ...i })),
      event: this.incidentEvent(AUDIT_EVENT_TYPES.INCIDENT_RESOLVED, `${incident.id}:resolved`, 'system', null, incident.stepKey, {
        incidentId: incident.id,
        activity: incident.activity,
        retries: incident.retries,
      }),
    });
  }

  /** Incident events are keyed by incident, not by the event counter, so they never take a key a later event needs. */
  private incidentEvent(type: AuditEventType, key: string, actorKind: ActorKind, actorId: string | null, stepKey: string | null, data: Record<string, unknown>, origin?: Record<string, unknown>): AuditEventInput {
    return this.auditEvent(`${this.input.contractId}:incident:${key}`, type, actorKind, actorId, stepKey, data, origin);
  }

  /** Waits for a write (and what follows it) or for an incident, whichever comes first. */
  private async settledOrIncident(work: Promise<unknown>): Promise<void> {
    let done = false;
    let failure: unknown;
    work.then(
      () => (done = true),
      (err) => {
        done = true;
        failure = err;
      },
    );
    await condition(() => done || this.incidents.length > 0);
    if (failure) throw failure;
  }

  private async flush(): Promise<void> {
    if (!this.dirtySteps.size && !this.events.length && !Object.keys(this.dirtyContract).length) {
      await this.persistQueue;
      return;
    }
    await this.persist('recordProgress', null, (progress) => this.acts.recordProgress(progress));
  }

  private sendTaskMail(input: Parameters<ContractActivities['sendTaskMail']>[0]): void {
    this.track(mail.sendTaskMail(input).catch((err) => log.warn('task mail failed', { err: String(err) })));
  }

  private sendRepMail(input: { kind: 'contract_approved' | 'contract_rejected' | 'changes_requested' | 'contract_withdrawn'; comment?: string; problems?: string[] }): void {
    const eventKey = `${this.input.contractId}:rep:${input.kind}:${this.revision}`;
    this.track(mail.sendRepMail({ contractId: this.input.contractId, eventKey, ...input }).catch((err) => log.warn('rep mail failed', { err: String(err) })));
  }

  private track(work: Promise<unknown>): void {
    this.backgroundPending += 1;
    this.background.push(work.finally(() => (this.backgroundPending -= 1)));
  }

  private upsertSearch(): void {
    if (!this.input.searchAttributes) return;
    const current = [...this.steps.values()].filter((s) => s.status === 'in_progress' || s.status === 'waiting').map((s) => s.key);
    upsertSearchAttributes({ ContractStatus: [this.status], CurrentStep: current });
  }

  snapshot(): ContractSnapshot {
    return {
      contractId: this.input.contractId,
      status: this.status,
      revision: this.revision,
      steps: [...this.steps.values()].map((s) => ({ key: s.key, status: s.status, taskId: s.taskId })),
      openTasks: [...this.tasks.values()]
        .filter((t) => t.status === 'open')
        .map((t) => ({ taskId: t.taskId, stepKey: t.stepKey, assigneeId: t.assigneeId, escalatedTo: [...t.escalatedTo], dueAt: t.schedule.dueAt })),
      incidents: this.incidents.map((i) => ({ ...i })),
    };
  }
}

export async function contractApprovalWorkflow(input: ContractWorkflowInput): Promise<ContractSnapshot> {
  const engine = new ContractEngine(input);
  engine.installHandlers();
  return engine.run();
}
