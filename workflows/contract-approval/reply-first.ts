// A person's decision is answered before the chain runs on. The decision Update's reply goes out
// when the workflow task that stored the decision completes, and a workflow task with a local
// activity still running (the next task's openTask, the progress write before a bot, the end of
// the revision's writes) does not complete until it is done: the person waited for the chain's
// next writes too. Behind the patch, once the decision is stored (closeTask: the task row, the
// step's record and the decision's audit event, which the API's answer and any GET after it
// read), the step's coroutine sleeps for a millisecond: that workflow task completes with the
// Update's completion and a timer, the reply goes out, and the chain runs on in the next workflow
// task when the timer fires. The decision is durable before the reply (the Update's acceptance,
// the write's marker and the Update's completion are in the history the server has accepted).
// A decision nobody waits on (the SLA's timeout) runs on at once, as before.
import { patched, sleep } from '@temporalio/workflow';
import type { WorkflowTask } from './contract-run';

/** Patch marker of the runs whose decision Update is answered before the chain runs on. */
export const DECISION_REPLY_FIRST_PATCH = 'decision-reply-first';

/** After a person's decision is stored: lets the Update's reply go out before the chain's next writes. */
export async function replyBeforeRunningOn(task: WorkflowTask): Promise<void> {
  if (task.decidedByKind !== 'user') return;
  if (!patched(DECISION_REPLY_FIRST_PATCH)) return;
  await sleep(1);
}
