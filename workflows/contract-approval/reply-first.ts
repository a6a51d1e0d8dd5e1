// A person's decision is answered before the chain runs on. The decision Update's reply goes out
// when the workflow task that stored the decision completes, and a workflow task with a local
// activity still running (the next task's openTask, the progress write before a bot, the end of
// the revision's writes) does not complete until it is done: the person waited for the chain's
// next writes too. Once the decision is stored (closeTask: the task row, the step's record and
// the decision's audit event, which the API's answer and any GET after it read):
//   - behind DECISION_REPLY_BY_ACTIVITY_PATCH, the chain runs on at once, and its next write goes
//     as an activity task instead of a local activity (activity-proxies.ts,
//     withLocalWritesOrNextRemote): the workflow task completes with the Update's completion and
//     that activity scheduled, the reply goes out, and the write runs on the worker straight away;
//   - runs recorded behind DECISION_REPLY_FIRST_PATCH only slept a millisecond, which completed the
//     workflow task the same way; but a server fires such a timer when its timer queue gets to it
//     (about a second on the dev server), and the next step's task opened that much later.
// The decision is durable before the reply (the Update's acceptance, the write's marker and the
// Update's completion are in the history the server has accepted). A decision nobody waits on
// (the SLA's timeout) runs on at once, as before.
import { patched, sleep } from '@temporalio/workflow';
import type { ContractRun, WorkflowTask } from './contract-run';

/** Patch marker of the runs whose decision Update was answered by sleeping a millisecond before the chain ran on. */
export const DECISION_REPLY_FIRST_PATCH = 'decision-reply-first';
/** Patch marker of the runs whose chain's first write after a person's decision is an activity task. */
export const DECISION_REPLY_BY_ACTIVITY_PATCH = 'decision-reply-by-activity';

/** After a person's decision is stored: lets the Update's reply go out before the chain's next writes. */
export async function replyBeforeRunningOn(run: ContractRun, task: WorkflowTask): Promise<void> {
  if (task.decidedByKind !== 'user') return;
  if (patched(DECISION_REPLY_BY_ACTIVITY_PATCH)) {
    run.remoteNextWrite = true;
    return;
  }
  if (!patched(DECISION_REPLY_FIRST_PATCH)) return;
  await sleep(1);
}
