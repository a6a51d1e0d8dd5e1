// The contract's life across revisions: run the chain; when changes are requested, wait for the
// rep's revision (or a withdrawal) and run it again, keeping what did not change; finish with the
// outcome. A run that waits for the rep with a long history continues as new, carrying its state.
import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';
import type { ContractSnapshot, EngineCarryOver, RevisionRequest } from '../../src/domain/chain/engine.types';
import { DEFAULT_HISTORY_LIMIT } from './activity-proxies';
import { ChainRunner } from './chain-runner';
import type { contractApprovalWorkflow } from './contract-approval.workflow';
import { type ContractRun, type Halt, nowIso } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';
import { endRevision, runView } from './revision-end';

/** The state a continued run starts from (taken while the contract waits for the rep). */
export function restoreCarryOver(run: ContractRun, rec: ProgressRecorder, c: EngineCarryOver): void {
  run.revision = c.revision;
  run.submission = c.submission;
  for (const step of c.steps) run.steps.set(step.key, { ...step });
  for (const task of c.tasks) run.tasks.set(task.taskId, { ...task, persisted: true });
  run.halt = { kind: 'changes_requested', ...c.changesRequested };
  run.status = 'changes_requested';
  run.reworkSince = c.reworkSince;
  run.reworkMs = c.reworkMs;
  rec.eventSeq = c.eventSeq;
  run.retryRequests = c.retryRequests;
}

export class ContractLifecycle {
  private readonly chain: ChainRunner;

  constructor(
    private readonly run: ContractRun,
    private readonly rec: ProgressRecorder,
  ) {
    this.chain = new ChainRunner(run, rec);
  }

  async runToEnd(): Promise<ContractSnapshot> {
    const { run, rec } = this;
    const carried = run.input.carryOver;
    if (!carried) rec.setContract({ status: 'in_review', revision: 1 });
    let withRep = carried !== undefined;
    for (;;) {
      if (!withRep) {
        // The revision's end (its outcome, or the request for changes) went through the machine.
        if ((await this.chain.runRevision()) !== 'changes_requested') return run.snapshot();
      }
      // A run that has just continued waits for the rep first: continuing again at once would
      // loop when the limit is below the size of a fresh run's history.
      const resumed = withRep;
      withRep = false;
      if (!resumed && this.historyTooLong()) await this.continueAsNewWithRep();
      await condition(() => run.pendingRevision !== null || run.withdrawRequest !== null);
      if (run.withdrawRequest) {
        const { userId, reason } = run.withdrawRequest;
        await endRevision(run, rec, runView(run, -1), { type: 'withdrawal', userId, reason, now: nowIso() });
        return run.snapshot();
      }
      await this.applyRevision(run.pendingRevision!);
    }
  }

  /**
   * A contract sent back many times would grow its history without bound: while it waits for
   * the rep (nothing in flight), a long run continues as new, carrying its state over.
   */
  private historyTooLong(): boolean {
    if (!this.run.withIncidents) return false;
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (this.run.input.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  }

  private async continueAsNewWithRep(): Promise<void> {
    const run = this.run;
    const request = () => run.pendingRevision !== null || run.withdrawRequest !== null;
    // Mail already scheduled goes out from this run; an Update under way finishes here.
    await condition(() => (this.rec.backgroundPending === 0 && allHandlersFinished()) || request());
    if (request()) return;
    await continueAsNew<typeof contractApprovalWorkflow>({ ...run.input, carryOver: this.carryOver() });
  }

  private carryOver(): EngineCarryOver {
    const run = this.run;
    const halt = run.halt as Extract<Halt, { kind: 'changes_requested' }>;
    return {
      revision: run.revision,
      submission: run.submission,
      steps: [...run.steps.values()].map((s) => ({ ...s })),
      tasks: [...run.tasks.values()].filter((t) => t.revision === run.revision).map(({ persisted: _persisted, ...t }) => ({ ...t })),
      changesRequested: { byId: halt.byId, comment: halt.comment, problems: halt.problems },
      reworkSince: run.reworkSince!,
      reworkMs: run.reworkMs,
      eventSeq: this.rec.eventSeq,
      retryRequests: run.retryRequests,
      runs: (run.input.carryOver?.runs ?? 0) + 1,
    };
  }

  private async applyRevision(req: RevisionRequest): Promise<void> {
    const { run, rec } = this;
    const at = nowIso();
    run.reworkMs += Date.parse(at) - Date.parse(run.reworkSince!);
    run.reworkSince = null;
    run.revision = req.baseRevision + 1;
    run.submission = req.submission;
    run.pendingRevision = null;
    run.previousSteps = new Map([...run.steps].map(([k, s]) => [k, { ...s }]));
    for (const [key, s] of run.steps) {
      run.steps.set(key, { key, number: s.number, name: s.name, status: 'pending', revision: run.revision });
      rec.touch(key);
    }
    run.status = 'in_review';
    rec.setContract({ status: 'in_review', revision: run.revision, reworkSince: null, reworkMs: run.reworkMs, problems: null });
    rec.event('contract', AUDIT_EVENT_TYPES.CONTRACT_REVISED, 'user', req.userId, null, { changedFields: req.changedFields, comment: req.comment ?? null }, req.origin);
    await rec.persist('recordRevision', null, (progress) =>
      run.acts.recordRevision({
        contractId: run.input.contractId,
        revision: run.revision,
        submission: req.submission,
        changedFields: req.changedFields,
        userId: req.userId,
        comment: req.comment,
        progress,
      }),
    );
    run.upsertSearch();
  }
}
