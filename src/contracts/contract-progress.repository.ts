// Writes the workflow's progress: step states, contract fields and audit events, in the
// caller's transaction. Every write is idempotent (upserts keyed by contract and step; audit
// rows keyed by event key), so a retried activity leaves the same rows as a single run.
import type { EntityManager } from 'typeorm';
import type { AuditEventInput } from '../domain/audit/audit-event-types';
import type { ContractProgress, ProgressBatch, StepState } from '../domain/chain/engine.types';
import { projectProgress } from '../reports/report-projection';

const CONTRACT_COLUMNS: Record<keyof ContractProgress, string> = {
  status: 'status',
  revision: 'revision',
  currentSteps: 'current_steps',
  discountPercent: 'discount_percent',
  customerId: 'customer_id',
  problems: 'problems',
  completedAt: 'completed_at',
  reworkSince: 'rework_since',
  reworkMs: 'rework_ms',
  anyStepBreached: 'any_step_breached',
};

export async function applyProgress(m: EntityManager, batch: ProgressBatch): Promise<void> {
  for (const step of batch.steps) await upsertStep(m, batch.contractId, step);
  await updateContract(m, batch.contractId, batch.contract);
  await insertAuditEvents(m, batch.events);
  await projectProgress(m, batch);
}

export async function upsertStep(m: EntityManager, contractId: string, s: StepState): Promise<void> {
  await m.query(
    `INSERT INTO contract_steps (contract_id, key, number, name, status, revision, decided_by_kind, decided_by_id,
       policy_version, reason, inputs, problems, comment, kept_from_revision, task_id, sla, started_at, completed_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18, now())
     ON CONFLICT (contract_id, key) DO UPDATE SET
       number = EXCLUDED.number, name = EXCLUDED.name, status = EXCLUDED.status, revision = EXCLUDED.revision,
       decided_by_kind = EXCLUDED.decided_by_kind, decided_by_id = EXCLUDED.decided_by_id,
       policy_version = EXCLUDED.policy_version, reason = EXCLUDED.reason, inputs = EXCLUDED.inputs,
       problems = EXCLUDED.problems, comment = EXCLUDED.comment, kept_from_revision = EXCLUDED.kept_from_revision,
       task_id = EXCLUDED.task_id, sla = EXCLUDED.sla, started_at = EXCLUDED.started_at,
       completed_at = EXCLUDED.completed_at, updated_at = now()`,
    [
      contractId,
      s.key,
      s.number,
      s.name,
      s.status,
      s.revision,
      s.decidedBy?.kind ?? null,
      s.decidedBy?.id ?? null,
      s.policyVersion ?? null,
      s.reason ?? null,
      s.inputs ? JSON.stringify(s.inputs) : null,
      s.problems ? JSON.stringify(s.problems) : null,
      s.comment ?? null,
      s.keptFromRevision ?? null,
      s.taskId ?? null,
      s.sla ? JSON.stringify(s.sla) : null,
      s.startedAt ?? null,
      s.completedAt ?? null,
    ],
  );
}

async function updateContract(m: EntityManager, contractId: string, fields: ContractProgress): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [contractId];
  for (const [key, column] of Object.entries(CONTRACT_COLUMNS) as [keyof ContractProgress, string][]) {
    if (!(key in fields) || fields[key] === undefined) continue;
    const v = fields[key];
    values.push(key === 'problems' && v !== null ? JSON.stringify(v) : v);
    sets.push(`${column} = $${values.length}`);
  }
  if (!sets.length) return;
  await m.query(`UPDATE contracts SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
}

export async function insertAuditEvents(m: EntityManager, events: AuditEventInput[]): Promise<void> {
  for (const e of events) {
    await m.query(
      `INSERT INTO audit_events (event_key, contract_id, type, actor_kind, actor_id, revision, step_key, occurred_at, origin, data)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (event_key) DO NOTHING`,
      [
        e.eventKey,
        e.contractId,
        e.type,
        e.actorKind,
        e.actorId,
        e.revision,
        e.stepKey,
        e.occurredAt,
        e.origin ? JSON.stringify(e.origin) : null,
        JSON.stringify(e.data),
      ],
    );
  }
}
