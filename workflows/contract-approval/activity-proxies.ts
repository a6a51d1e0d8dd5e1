// The activities the approval workflow calls, with the retry each kind of call gets, and the
// patch marker that tells runs with incidents from runs recorded before them.
import { proxyActivities } from '@temporalio/workflow';
import type { ContractActivities } from '../../activities/activity.types';

// Bounded: an activity that keeps failing (whatever the input) opens an incident after about five
// minutes instead of retrying forever; data errors are non-retryable and open one at once
// (activities/failures.ts).
export const bounded = proxyActivities<ContractActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

// Runs started before incidents existed keep retrying without limit: their code has no incident
// to fall back to, and a failed activity would fail the whole run.
export const unbounded = proxyActivities<ContractActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Patch marker of the runs that have incidents, bounded retries, continue-as-new and audit event
 * keys by identity. Runs recorded without it replay the code they were recorded with.
 */
export const HARDENED_PATCH = 'incidents-identity-keys-bounded-retries';

/**
 * Patch marker of the runs that honour a withdrawal accepted while the rep's revision was being
 * stored (contract-lifecycle.ts). Runs recorded before it ran such a revision on to its outcome.
 */
export const WITHDRAWAL_DURING_REVISION_PATCH = 'withdrawal-during-revision-kept';

// Reporting an incident writes only text the activity cleans first, so it cannot fail on the data
// that caused the incident; it retries until the database answers.
export const reporting = proxyActivities<Pick<ContractActivities, 'reportIncidents'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** An incident whose cause may pass by itself (database down, every attempt used) is retried this often. */
export const INCIDENT_AUTO_RETRY = '10 minutes';
/** The retry Update waits this long for the retried activity before answering with the state at that moment. */
export const RETRY_ANSWER_WITHIN = '20 seconds';
/** Continue-as-new while the contract waits for the rep once the history is longer than this. */
export const DEFAULT_HISTORY_LIMIT = 10_000;

// Mail retries for as long as it takes: if SMTP is down, nothing is lost and it goes out when
// SMTP returns. The activity itself skips mail for tasks that closed in the meantime.
export const mail = proxyActivities<Pick<ContractActivities, 'sendTaskMail' | 'sendRepMail'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
