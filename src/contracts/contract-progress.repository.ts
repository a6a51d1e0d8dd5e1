// Writes the workflow's progress: step states, contract fields, reporting projections and audit
// events, in the caller's transaction. Every write is idempotent (upserts keyed by contract and
// step; audit rows keyed by event key), so a retried activity leaves the same rows as a single run.
//
// The audit trail is one hash chain: its insert trigger takes one advisory lock for the whole
// database, held until the transaction ends, so that ids are drawn and hashes linked in commit
// order. Whoever holds that lock stops every other audit writer, so applyProgress takes it last:
// the audit rows go in with one multi-row INSERT after every other write of the batch, and the
// lock is held only from that statement to the commit — never while waiting for a row lock or
// writing reports. Callers that write more in the same transaction should do so before calling it.
import type { EntityManager } from 'typeorm';
import { insertAuditEvents } from '../audit/audit.repository';
import type { ContractProgress, ProgressBatch, StepState } from '../domain/chain/engine.types';
import { projectProgress } from '../reports/report-projection';

/** The audit trail's append (src/audit/audit.repository.ts), re-exported for the callers that write progress. */
export { insertAuditEvents };

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
  await upsertSteps(m, batch.contractId, batch.steps);
  await updateContractProgress(m, batch.contractId, batch.contract);
  await projectProgress(m, batch);
  // Last: from here to the commit this transaction holds the audit chain's lock.
  await insertAuditEvents(m, batch.events);
}

const STEP_COLUMNS = [
  'contract_id', 'key', 'number', 'name', 'status', 'revision', 'decided_by_kind', 'decided_by_id', 'policy_version', 'reason',
  'inputs', 'problems', 'comment', 'kept_from_revision', 'task_id', 'sla', 'started_at', 'completed_at', 'approvers',
] as const;

const stepValues = (contractId: string, s: StepState): unknown[] => [
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
  s.approvers ? JSON.stringify(s.approvers) : null,
];

/** Stores step states, all of a batch in one statement (a batch names each step once). */
export async function upsertSteps(m: EntityManager, contractId: string, steps: readonly StepState[]): Promise<void> {
  if (!steps.length) return;
  const values: unknown[] = [];
  const rows = steps.map((s) => {
    const first = values.length;
    values.push(...stepValues(contractId, s));
    return `(${STEP_COLUMNS.map((_, i) => `$${first + i + 1}`).join(',')}, now())`;
  });
  await m.query(
    `INSERT INTO contract_steps (${STEP_COLUMNS.join(', ')}, updated_at)
     VALUES ${rows.join(',\n       ')}
     ON CONFLICT (contract_id, key) DO UPDATE SET
       number = EXCLUDED.number, name = EXCLUDED.name, status = EXCLUDED.status, revision = EXCLUDED.revision,
       decided_by_kind = EXCLUDED.decided_by_kind, decided_by_id = EXCLUDED.decided_by_id,
       policy_version = EXCLUDED.policy_version, reason = EXCLUDED.reason, inputs = EXCLUDED.inputs,
       problems = EXCLUDED.problems, comment = EXCLUDED.comment, kept_from_revision = EXCLUDED.kept_from_revision,
       task_id = EXCLUDED.task_id, sla = EXCLUDED.sla, started_at = EXCLUDED.started_at,
       completed_at = EXCLUDED.completed_at, approvers = EXCLUDED.approvers, updated_at = now()`,
    values,
  );
}

/** Sets the contract fields a batch carries (a no-op when it carries none). */
export async function updateContractProgress(m: EntityManager, contractId: string, fields: ContractProgress): Promise<void> {
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
