// The activities the approval workflow calls, with the retry each kind of call gets, and the
// patch markers that tell runs with incidents, and runs with local progress writes, from runs
// recorded before them.
import { ActivityFailure, ApplicationFailure, proxyActivities, proxyLocalActivities, TimeoutFailure } from '@temporalio/workflow';
import type { ContractActivities } from '../../activities/activity.types';

// Bounded: an activity that keeps failing (whatever the input) opens an incident after about five
// minutes instead of retrying forever; data errors are non-retryable and open one at once
// (activities/failures.ts).
export const bounded = proxyActivities<ContractActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * Patch marker of the runs whose progress writes and reference reads are local activities
 * (withLocalWrites below). Runs recorded without it replay their writes as activity tasks.
 */
export const LOCAL_WRITES_PATCH = 'local-progress-writes';

/**
 * The activities that only read or write this contract's rows in PostgreSQL, in one short
 * transaction, idempotently (keyed by contract, step, task and event). As local activities they
 * run in the worker inside the workflow task that asked for them: no activity task through the
 * server's matching and no second workflow task to learn the result, which is most of an
 * automatic contract's round trips and the one activity between a decision and the Update's
 * reply (closeTask). A local activity that ran but whose workflow task was lost (worker crash)
 * runs again, which idempotency makes harmless. Same bounded retries as `bounded`: a write that
 * keeps failing becomes an incident after about five minutes, never an endless retry. Mail,
 * incident reports and the bots (but the document bot, LOCAL_BOTS below) stay activity tasks: they
 * call outside systems, may take long, or retry for longer than a workflow task should be held.
 */
const LOCAL_WRITES = ['prepareRevision', 'recordProgress', 'recordRevision', 'openTask', 'closeTask', 'cancelTasks', 'escalateTask', 'reassignTask', 'rescheduleTask'] as const;

/**
 * Patch marker of the runs whose document bot is a local activity too (LOCAL_BOTS). Runs recorded
 * without it replay it as an activity task.
 */
export const LOCAL_BOTS_PATCH = 'local-bots';

/**
 * The bot this worker performs entirely itself, idempotent and bounded like the writes: the final
 * document, rendered (tens of milliseconds) and stored once per revision. As a local activity it
 * costs no activity task through the server's matching (a schedule, a start, a completion and one
 * more workflow task). The order bot stays an activity task: while a local activity runs the
 * workflow task stays open, so an Update (a withdrawal during order creation, answered 409
 * CONTRACT_CLOSING) would wait for it instead of being answered at once.
 */
const LOCAL_BOTS = ['generateDocument'] as const;

/**
 * Patch marker of the runs whose customer capture is a local activity too (LOCAL_CAPTURE). Runs
 * recorded without it replay it as an activity task.
 */
export const LOCAL_CAPTURE_PATCH = 'local-capture';

/**
 * Customer capture: the registry (our customers table, DatabaseCustomerRegistry) and the
 * denied-party screening, read and written in short idempotent transactions keyed by contract and
 * registration number (a retry finds the record it created). A lookup, not a long call: as a local
 * activity it saves every automatic contract an activity task and a workflow task. A withdrawal
 * arriving meanwhile waits for it (milliseconds; about 90 ms with a 20,000-name denied list).
 */
const LOCAL_CAPTURE = ['captureCustomer'] as const;

const locals = proxyLocalActivities<ContractActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * A local activity that failed for good reaches the workflow as its bare cause (the activity's
 * ApplicationFailure, or the TimeoutFailure), where an activity task's failure is an
 * ActivityFailure wrapping it. The recorder's incidents and the deadline Update recognise
 * ActivityFailure, so a local one is given the same shape.
 */
function asActivityFailure(activityType: string, err: unknown): unknown {
  if (!(err instanceof ApplicationFailure || err instanceof TimeoutFailure)) return err;
  const retryState = (err instanceof ApplicationFailure && err.nonRetryable ? 'NON_RETRYABLE_FAILURE' : 'MAXIMUM_ATTEMPTS_REACHED') as ActivityFailure['retryState'];
  return new ActivityFailure('Local activity failed', activityType, undefined, retryState, undefined, err);
}

/** `bounded`, with the activities named local activities. */
function withLocal(names: readonly string[]): ContractActivities {
  return new Proxy(bounded, {
    get: (target, name, receiver) => {
      if (typeof name !== 'string' || !names.includes(name)) return Reflect.get(target, name, receiver);
      const local = locals[name as keyof ContractActivities] as (input: unknown) => Promise<unknown>;
      return (input: unknown) =>
        local(input).catch((err: unknown) => {
          throw asActivityFailure(name, err);
        });
    },
  });
}

/** `bounded`, with the progress writes and reference reads as local activities. */
export const withLocalWrites = withLocal(LOCAL_WRITES);
/** `withLocalWrites`, with the document bot as a local activity too (LOCAL_BOTS_PATCH). */
export const withLocalWritesAndBots = withLocal([...LOCAL_WRITES, ...LOCAL_BOTS]);
const LOCAL_NAMES: readonly string[] = [...LOCAL_WRITES, ...LOCAL_BOTS, ...LOCAL_CAPTURE];
/** `withLocalWritesAndBots`, with customer capture as a local activity too (LOCAL_CAPTURE_PATCH). */
export const withLocalWritesBotsAndCapture = withLocal(LOCAL_NAMES);

/** Where a run keeps the switch that sends its next write as an activity task (reply-first.ts). */
export interface RemoteNextWrite {
  remoteNextWrite: boolean;
}

/**
 * `local` (withLocalWrites, or withLocalWritesAndBots), except that while `flags.remoteNextWrite`
 * is set, the next activity the run calls clears it and, if it is a local one, goes as an
 * activity task (`bounded`) instead: the workflow task then completes once it is scheduled, with
 * whatever it carries (a decision Update's reply), where a local activity would hold it until the
 * write is done. The write itself is the same activity on the same worker.
 */
export function withLocalWritesOrNextRemote(flags: RemoteNextWrite, local: ContractActivities): ContractActivities {
  return new Proxy(local, {
    get: (target, name, receiver) => {
      if (!flags.remoteNextWrite || typeof name !== 'string') return Reflect.get(target, name, receiver);
      flags.remoteNextWrite = false;
      return LOCAL_NAMES.includes(name) ? Reflect.get(bounded, name, bounded) : Reflect.get(target, name, receiver);
    },
  });
}

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

/** Patch marker of the runs that walk the chain again after a return to an earlier step (return-to-step.ts). */
export const RETURN_TO_STEP_PATCH = 'return-to-step';

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
