// The progress recorder: what the run changed (steps, contract fields, audit events) is batched
// and written in the order it happened, through one queue; an activity that fails for good
// becomes an incident the contract waits on; mail goes out in the background.
import { ActivityFailure, ApplicationFailure, condition, log, patched, uuid4 } from '@temporalio/workflow';
import type { ContractActivities } from '../../activities/activity.types';
import type { ActorKind, AuditEventInput, AuditEventType } from '../../src/domain/audit/audit-event-types';
import { AUDIT_EVENT_TYPES } from '../../src/domain/audit/audit-event-types';
import type { ContractProgress, Incident, ProgressBatch } from '../../src/domain/chain/engine.types';
import { INCIDENT_AUTO_RETRY, mail, reporting } from './activity-proxies';
import { type ContractRun, nowIso } from './contract-run';

/** Patch marker of the runs whose retried activity starts only once the retry's report is stored. */
export const INCIDENT_RETRY_REPORTED_FIRST_PATCH = 'incident-retry-reported-first';

export type RepMailKind = 'contract_approved' | 'contract_rejected' | 'changes_requested' | 'contract_withdrawn' | 'revision_reminder';

export class ProgressRecorder {
  // One ordered queue, so writes for this contract land in the order they happened.
  private persistQueue: Promise<unknown> = Promise.resolve();
  private dirtySteps = new Set<string>();
  private dirtyContract: ContractProgress = {};
  private events: AuditEventInput[] = [];
  eventSeq = 0;
  private readonly background: Promise<unknown>[] = [];
  backgroundPending = 0;
  pendingWrites = 0;

  constructor(private readonly run: ContractRun) {}

  /** The write queue's tail: settles once every write queued so far is done. */
  get queue(): Promise<unknown> {
    return this.persistQueue;
  }

  touch(stepKey: string): void {
    this.dirtySteps.add(stepKey);
  }

  setContract(fields: ContractProgress): void {
    Object.assign(this.dirtyContract, fields);
    if (fields.status) this.run.status = fields.status;
  }

  /**
   * Records an audit event. Its key says what it is about — contract, revision, type and
   * `identity` (the step, the task, the task and reminder or escalation level, ...) — so the same
   * event always gets the same key, however the code around it changes: a retried write is
   * recognised, and a new or moved event() call cannot take a key that a stored event already
   * has (which ON CONFLICT DO NOTHING would silently drop). Runs recorded before identity keys
   * keep their counter keys on replay.
   */
  event(identity: string, type: AuditEventType, actorKind: ActorKind, actorId: string | null, stepKey: string | null, data: Record<string, unknown>, origin?: Record<string, unknown>): void {
    this.eventSeq += 1;
    const cid = this.run.input.contractId;
    const key = this.run.withIncidents ? `${cid}:${this.run.revision}:${type}:${identity}` : `${cid}:${this.eventSeq}`;
    this.events.push(this.auditEvent(key, type, actorKind, actorId, stepKey, data, origin));
  }

  private auditEvent(eventKey: string, type: AuditEventType, actorKind: ActorKind, actorId: string | null, stepKey: string | null, data: Record<string, unknown>, origin?: Record<string, unknown>): AuditEventInput {
    return {
      eventKey,
      type,
      contractId: this.run.input.contractId,
      actorKind,
      actorId,
      revision: this.run.revision,
      stepKey,
      occurredAt: nowIso(),
      origin: origin ?? null,
      data,
    };
  }

  /** Incident events are keyed by incident, not by the event counter, so they never take a key a later event needs. */
  incidentEvent(type: AuditEventType, key: string, actorKind: ActorKind, actorId: string | null, stepKey: string | null, data: Record<string, unknown>, origin?: Record<string, unknown>): AuditEventInput {
    return this.auditEvent(`${this.run.input.contractId}:incident:${key}`, type, actorKind, actorId, stepKey, data, origin);
  }

  private takeBatch(): ProgressBatch {
    const steps = [...this.dirtySteps].map((k) => ({ ...this.run.steps.get(k)! }));
    const batch: ProgressBatch = {
      contractId: this.run.input.contractId,
      steps,
      contract: { ...this.dirtyContract, currentSteps: this.run.currentSteps() },
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
  persist<T>(activity: string, stepKey: string | null, write: (progress: ProgressBatch) => Promise<T>): Promise<T> {
    if (!this.run.withIncidents) {
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
  call<T>(activity: string, stepKey: string | null, run: () => Promise<T>): Promise<T> {
    // An activity task the run waits on (whichever proxy schedules it) lets the workflow task
    // complete, as the next write would have after a decision (reply-first.ts): that write stays local.
    this.run.remoteNextWrite = false;
    return this.run.withIncidents ? this.guard(activity, stepKey, run) : run();
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
        const asked = this.run.retryRequests;
        const cause = err.cause;
        const retryable = !(cause instanceof ApplicationFailure && cause.nonRetryable);
        const errorType = (cause instanceof ApplicationFailure ? cause.type : undefined) ?? cause?.name ?? 'ActivityFailure';
        const message = cause?.message ?? err.message;
        if (!incident) {
          incident = { id: uuid4(), activity, stepKey, errorType, message, retryable, openedAt: nowIso(), retries: 0 };
          await this.openIncident(incident);
        } else {
          Object.assign(incident, { errorType, message, retryable, retries: incident.retries + 1 });
          this.run.incidentChanges += 1;
          await reporting.reportIncidents({ contractId: this.run.input.contractId, open: this.run.incidents.map((i) => ({ ...i })), event: null });
        }
        const retried = () => this.run.retryRequests !== asked;
        if (incident.retryable) await condition(retried, INCIDENT_AUTO_RETRY);
        else await condition(retried);
        // The retry's INCIDENT_RETRIED report goes first: run side by side with the retried write
        // (a local activity), the RESOLVED report could be stored before it, and the RETRIED
        // report's snapshot of open incidents after it.
        if (retried() && patched(INCIDENT_RETRY_REPORTED_FIRST_PATCH)) await this.run.retryReported;
      }
    }
  }

  private async openIncident(incident: Incident): Promise<void> {
    this.run.incidents.push(incident);
    this.run.incidentChanges += 1;
    log.warn('contract needs attention', { activity: incident.activity, stepKey: incident.stepKey, errorType: incident.errorType, message: incident.message });
    await reporting.reportIncidents({
      contractId: this.run.input.contractId,
      open: this.run.incidents.map((i) => ({ ...i })),
      event: this.incidentEvent(AUDIT_EVENT_TYPES.INCIDENT_OPENED, `${incident.id}:opened`, 'system', null, incident.stepKey, { ...incident }),
    });
  }

  private async closeIncident(incident: Incident): Promise<void> {
    this.run.incidents.splice(this.run.incidents.indexOf(incident), 1);
    this.run.incidentChanges += 1;
    await reporting.reportIncidents({
      contractId: this.run.input.contractId,
      open: this.run.incidents.map((i) => ({ ...i })),
      event: this.incidentEvent(AUDIT_EVENT_TYPES.INCIDENT_RESOLVED, `${incident.id}:resolved`, 'system', null, incident.stepKey, {
        incidentId: incident.id,
        activity: incident.activity,
        retries: incident.retries,
      }),
    });
  }

  /** Waits for a write (and what follows it) or for an incident, whichever comes first. */
  async settledOrIncident(work: Promise<unknown>): Promise<void> {
    let done = false;
    let failure: unknown;
    work.then(
      () => (done = true),
      (err) => {
        done = true;
        failure = err;
      },
    );
    await condition(() => done || this.run.incidents.length > 0);
    if (failure) throw failure;
  }

  async flush(): Promise<void> {
    if (!this.dirtySteps.size && !this.events.length && !Object.keys(this.dirtyContract).length) {
      await this.persistQueue;
      return;
    }
    await this.persist('recordProgress', null, (progress) => this.run.acts.recordProgress(progress));
  }

  sendTaskMail(input: Parameters<ContractActivities['sendTaskMail']>[0]): void {
    this.track(mail.sendTaskMail(input).catch((err) => log.warn('task mail failed', { err: String(err) })));
  }

  sendRepMail(input: { kind: RepMailKind; comment?: string; problems?: string[]; at?: string }): void {
    const cid = this.run.input.contractId;
    const eventKey = `${cid}:rep:${input.kind}:${this.run.revision}`;
    this.track(mail.sendRepMail({ contractId: cid, eventKey, ...input }).catch((err) => log.warn('rep mail failed', { err: String(err) })));
  }

  /** Background work (mail) the run waits for before it closes. */
  track(work: Promise<unknown>): void {
    this.backgroundPending += 1;
    this.background.push(work.finally(() => (this.backgroundPending -= 1)));
  }

  /** Mail scheduled so far (it still goes out when SMTP is down; the run waits for it before closing). */
  get backgroundWork(): readonly Promise<unknown>[] {
    return this.background;
  }
}
