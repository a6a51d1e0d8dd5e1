// The end of a revision goes through the chain's state machine (src/domain/chain/chain-machine.ts):
// the last stage's tracks returned (`stage_ended`), or the rep withdrew while the contract was
// back with them (`withdrawal`). `reduce` runs on the whole run (every step and task, the stage
// the chain runner stopped in, the halt, the rework time) and this file carries out its commands:
// the cancelled tasks and their audit events, storing the revision's writes before its outcome
// (CancelTasks / StoreProgress, answered with `stored`), the outcome's audit event and contract
// fields, storing them before the rep is mailed, and waiting for the revision or finishing.
// Writes, awaits and search attributes come in the order the workflow always had them, so the
// recorded histories replay.
import { reduce } from '../../src/domain/chain/chain-machine';
import type { ChainEvent, ChainOutcome, ChainState, ChainTask, Transition } from '../../src/domain/chain/chain-state';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';
import type { ContractProgress } from '../../src/domain/chain/engine.types';
import { type ContractRun, nowIso } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';
import { replaceFields } from './task-transitions';

/** Who withdrew the contract when it was not the rep (a rule: the revision timeout). */
export interface WithdrawnBy {
  actorKind: 'rule' | 'system';
  actorId: string;
}

/** How a revision ended: the contract closed with an outcome, or it is back with the rep. */
export type RevisionEnd = ChainOutcome | 'changes_requested' | 'returned';

/** The whole run as the machine sees it; `stage` is the stage the chain runner stopped in (-1 when none runs). */
export function runView(run: ContractRun, stage: number): ChainState {
  return {
    policy: run.policy,
    contractId: run.input.contractId,
    status: run.status,
    revision: run.revision,
    steps: Object.fromEntries(run.steps),
    previousSteps: Object.fromEntries(run.previousSteps),
    tasks: Object.fromEntries([...run.tasks].map(([id, task]) => [id, task as ChainTask])),
    stage,
    // The runner's tracks have all returned: none is left to walk.
    tracks: [],
    halt: run.halt,
    closing: run.closing,
    finished: run.finished,
    storing: false,
    reworkSince: run.reworkSince,
    reworkMs: run.reworkMs,
    rounds: run.rounds,
  };
}

/** The run takes the machine's state: the halt, the contract's status and rework time, and the tasks it cancelled. */
function take(run: ContractRun, rec: ProgressRecorder, out: Transition): void {
  const s = out.state;
  run.halt = s.halt;
  run.status = s.status;
  run.reworkSince = s.reworkSince ?? null;
  run.reworkMs = s.reworkMs ?? 0;
  if (out.commands.some((c) => c.type === 'RerunFrom')) {
    // A return to an earlier step: the round's steps, and what they may keep, are the machine's.
    run.rounds = s.rounds ?? run.rounds;
    run.previousSteps = new Map(Object.entries(s.previousSteps));
    for (const [key, step] of Object.entries(s.steps)) {
      if (JSON.stringify(step) === JSON.stringify(run.steps.get(key))) continue;
      run.steps.set(key, step);
      rec.touch(key);
    }
  }
  for (const cmd of out.commands) {
    if (cmd.type !== 'CancelTasks') continue;
    for (const taskId of cmd.taskIds) {
      const task = run.tasks.get(taskId)!;
      // The cancellation is stored by cancelTasks itself.
      task.status = 'cancelled';
      task.persisted = true;
      replaceFields(run.steps.get(task.stepKey)!, s.steps[task.stepKey]);
      rec.touch(task.stepKey);
    }
  }
}

/**
 * Ends the revision through the machine, from `event`, and carries out every command until the
 * contract waits for the rep or has finished (then also waits for the mail already scheduled).
 */
export async function endRevision(run: ContractRun, rec: ProgressRecorder, view: ChainState, event: ChainEvent, withdrawnBy?: WithdrawnBy): Promise<RevisionEnd> {
  let out = reduce(view, event);
  // A withdrawal while the chain ran: the workflow cancelled open tasks a second time before
  // recording the outcome, storing again whatever was left (recorded histories have that store).
  const secondStore = event.type === 'stage_ended' && out.state.halt?.kind === 'withdrawn';
  for (;;) {
    take(run, rec, out);
    const end = await execute(run, rec, out, withdrawnBy);
    if (end !== 'stored') return end;
    if (secondStore) await rec.flush();
    out = reduce(out.state, { type: 'stored', now: nowIso() });
  }
}

/** Carries out one transition's commands in order; says how it ended, or that the machine waits for `stored`. */
async function execute(run: ContractRun, rec: ProgressRecorder, out: Transition, withdrawnBy?: WithdrawnBy): Promise<RevisionEnd | 'stored'> {
  for (const cmd of out.commands) {
    switch (cmd.type) {
      case 'AuditEvent': {
        const withdrawn = cmd.eventType === AUDIT_EVENT_TYPES.CONTRACT_WITHDRAWN;
        // The withdrawal's event carries the request's origin, or names the rule that withdrew it.
        const origin = withdrawn ? run.withdrawRequest?.origin : undefined;
        if (withdrawn && withdrawnBy) rec.event(cmd.identity, cmd.eventType, withdrawnBy.actorKind, withdrawnBy.actorId, cmd.stepKey, { ...cmd.data, rule: withdrawnBy.actorId }, origin);
        else rec.event(cmd.identity, cmd.eventType, cmd.actorKind, cmd.actorId, cmd.stepKey, cmd.data, origin);
        break;
      }
      case 'RecordProgress': {
        // Steps were touched as they were taken; the recorder adds the current steps itself.
        const { currentSteps: _current, ...contract } = cmd.contract;
        if (Object.keys(contract).length) rec.setContract(contract as ContractProgress);
        break;
      }
      case 'CancelTasks': {
        const at = nowIso();
        await rec.persist('cancelTasks', null, (progress) =>
          run.acts.cancelTasks({ contractId: run.input.contractId, taskIds: cmd.taskIds, reason: cmd.reason, at, progress }),
        );
        return 'stored';
      }
      case 'StoreProgress':
        await rec.flush();
        // Before the outcome is recorded the machine waits for `stored`; after it, the outcome is stored and shown.
        if (out.state.storing) return 'stored';
        run.finished = out.state.finished;
        run.upsertSearch();
        break;
      case 'SendRepMail': {
        const { type: _type, ...mail } = cmd;
        rec.sendRepMail(mail);
        break;
      }
      case 'AwaitRevision':
        return 'changes_requested';
      case 'RerunFrom':
        run.rerunFrom = cmd.stage;
        return 'returned';
      case 'Finish':
        // Mail already scheduled still goes out (SMTP may be down); wait for it before closing.
        await Promise.allSettled(rec.backgroundWork);
        return cmd.outcome;
      default:
        // The end of a revision starts no step and opens no task: anything else is a bug in the machine or its view.
        throw new Error(`The end of a revision asked for ${cmd.type}`);
    }
  }
  throw new Error('The end of a revision neither stored, finished nor waited for the rep');
}
