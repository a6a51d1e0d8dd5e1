// The contract's life across revisions: run the chain; when changes are requested, wait for the
// rep's revision (or a withdrawal) and run it again, keeping what did not change. The end of a
// revision, a withdrawal while with the rep and the revision itself go through the chain's state
// machine (revision-end.ts, applyRevision). A run that waits for the rep with a long history continues as new, carrying its state.
import { allHandlersFinished, condition, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import { reduce } from '../../src/domain/chain/chain-machine';
import type { ContractProgress, ContractSnapshot, EngineCarryOver, RevisionRequest } from '../../src/domain/chain/engine.types';
import { DEFAULT_HISTORY_LIMIT, RETURN_TO_STEP_PATCH, WITHDRAWAL_DURING_REVISION_PATCH } from './activity-proxies';
import { ChainRunner } from './chain-runner';
import type { contractApprovalWorkflow } from './contract-approval.workflow';
import { type ContractRun, type Halt, nowIso } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';
import { endRevision, runView } from './revision-end';
import { waitForRep, withdrawForTimeout } from './revision-timeout';

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
        let end = await this.chain.runRevision();
        // An approver returned the contract to an earlier step: new rounds of the same revision
        // (return-to-step.ts). Only a return decision gets here; none is in a recorded history.
        while (end === 'returned' && patched(RETURN_TO_STEP_PATCH)) end = await this.chain.runRevision(run.rerunFrom!);
        if (end !== 'changes_requested') return run.snapshot();
      }
      // A run that has just continued waits for the rep first: continuing again at once would
      // loop when the limit is below the size of a fresh run's history.
      const resumed = withRep;
      withRep = false;
      if (!resumed && this.historyTooLong()) await this.continueAsNewWithRep();
      // The rep revises or withdraws; or, under the policy's revision timeout, is reminded and
      // then the contract is withdrawn (revision-timeout.ts).
      if ((await waitForRep(run, rec)) === 'timed_out') {
        await withdrawForTimeout(run, rec);
        return run.snapshot();
      }
      if (run.withdrawRequest) {
        const { userId, reason } = run.withdrawRequest;
        await endRevision(run, rec, runView(run, -1), { type: 'withdrawal', userId, reason, now: nowIso() });
        return run.snapshot();
      }
      await this.applyRevision(run.pendingRevision!);
      // A withdrawal accepted while the revision was being stored: the validator let it through
      // (the status was already in_review) and the Update set no halt (changes were still
      // requested), so running the revision would lose it. It is honoured rather than refused:
      // the rep asked after their revision was taken and nothing of it has run yet, so closing
      // now is what they asked for, and refusing would tell them the contract was still theirs
      // to revise when it no longer was. The stored revision stays; the contract closes withdrawn.
      if (run.withdrawRequest && patched(WITHDRAWAL_DURING_REVISION_PATCH)) {
        const { userId, reason } = run.withdrawRequest;
        await endRevision(run, rec, runView(run, -1), { type: 'withdrawal', userId, reason, now: nowIso() });
        return run.snapshot();
      }
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

  /**
   * The rep's revision goes through the chain's state machine (`revised`): the new revision's
   * steps start pending, the previous ones are what it may keep, the rework time ends; then the
   * revised submission is stored with them.
   */
  private async applyRevision(req: RevisionRequest): Promise<void> {
    const { run, rec } = this;
    const out = reduce(runView(run, -1), { type: 'revised', userId: req.userId, changedFields: req.changedFields, comment: req.comment, now: nowIso() });
    // The validator allowed it (changes requested, the current revision as its base): the machine must take it.
    if (out.state.revision !== req.baseRevision + 1) throw new Error(`The chain's state machine did not take revision ${req.baseRevision + 1}`);
    run.revision = out.state.revision;
    run.submission = req.submission;
    run.pendingRevision = null;
    run.previousSteps = new Map(Object.entries(out.state.previousSteps));
    for (const key of run.steps.keys()) {
      run.steps.set(key, out.state.steps[key]);
      rec.touch(key);
    }
    // The run's halt is cleared when the revision starts running (runRevision), as it always was.
    run.status = out.state.status;
    run.reworkSince = out.state.reworkSince ?? null;
    run.reworkMs = out.state.reworkMs ?? 0;
    for (const cmd of out.commands) {
      if (cmd.type === 'AuditEvent') rec.event(cmd.identity, cmd.eventType, cmd.actorKind, cmd.actorId, cmd.stepKey, cmd.data, req.origin);
      else if (cmd.type === 'RecordProgress') {
        const { currentSteps: _current, ...contract } = cmd.contract;
        rec.setContract(contract as ContractProgress);
      } else throw new Error(`A revision asked for ${cmd.type}`);
    }
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
