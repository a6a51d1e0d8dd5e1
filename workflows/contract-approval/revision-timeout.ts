// A contract back with its rep (changes requested) no longer waits forever: at the policy's
// reminder time (business hours after the request, src/domain/sla/revision-timeout.ts) the rep
// is reminded (REVISION_REMINDER_SENT, a mail keyed by the revision), and at its withdrawal time
// the contract is withdrawn through the chain's state machine like a rep's withdrawal, with the
// timeout's reason, the rule as the audit event's actor, and the withdrawal mail to the rep. A
// revision or withdrawal by the rep in time ends the wait. The times are computed once by an
// activity (the business calendar lives there) from when the changes were requested, so a run
// that continued as new keeps them; behind patched('revision-timeout'), runs of older code keep
// waiting as before.
import { condition, patched } from '@temporalio/workflow';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';
import { REVISION_TIMEOUT_RULE_ID, revisionTimeoutOf, revisionTimeoutReason } from '../../src/domain/sla/revision-timeout';
import { type ContractRun, nowIso } from './contract-run';
import type { ProgressRecorder } from './progress-recorder';
import { endRevision, runView } from './revision-end';

export const REVISION_TIMEOUT_PATCH = 'revision-timeout';

/** Waits for the rep's revision or withdrawal; 'timed_out' when the withdrawal time came first. */
export async function waitForRep(run: ContractRun, rec: ProgressRecorder): Promise<'request' | 'timed_out'> {
  const request = () => run.pendingRevision !== null || run.withdrawRequest !== null;
  if (!patched(REVISION_TIMEOUT_PATCH)) {
    await condition(request);
    return 'request';
  }
  const timeout = revisionTimeoutOf(run.policy);
  const since = run.reworkSince ?? nowIso();
  const { remindAt, withdrawAt } = await run.acts.revisionDeadlines({ contractId: run.input.contractId, since, ...timeout });
  if (await waitUntil(remindAt, request)) return 'request';
  // Keyed by the revision (audit event and mail alike): a run that continued as new after the
  // reminder does not remind again.
  rec.event('revision_reminder', AUDIT_EVENT_TYPES.REVISION_REMINDER_SENT, 'system', null, null, {
    since,
    afterBusinessHours: timeout.remindAfterBusinessHours,
    withdrawAt,
    withdrawAfterBusinessHours: timeout.withdrawAfterBusinessHours,
  });
  await rec.flush();
  rec.sendRepMail({ kind: 'revision_reminder', at: withdrawAt });
  if (await waitUntil(withdrawAt, request)) return 'request';
  return 'timed_out';
}

/** True when the rep acted before `at`. */
async function waitUntil(at: string, request: () => boolean): Promise<boolean> {
  const ms = Date.parse(at) - Date.now();
  if (ms > 0) return condition(request, ms);
  return request();
}

/** The withdrawal time passed without a revision: the contract closes withdrawn, the rep is told why. */
export async function withdrawForTimeout(run: ContractRun, rec: ProgressRecorder): Promise<void> {
  const reason = revisionTimeoutReason(revisionTimeoutOf(run.policy).withdrawAfterBusinessHours);
  await endRevision(run, rec, runView(run, -1), { type: 'withdrawal', userId: '', reason, now: nowIso() }, { actorKind: 'rule', actorId: REVISION_TIMEOUT_RULE_ID });
}
