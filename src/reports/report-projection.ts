// Keeps the reporting projections (report_contract_facts, report_step_facts) in step with the
// workflow's progress. Called at the end of applyProgress, in the same transaction, after the
// step and contract rows were written — so each fact is derived from exactly what was stored,
// and a retried activity rewrites the same fact (upserts keyed by contract, step and revision).
import type { EntityManager } from 'typeorm';
import type { ProgressBatch, StepStatus } from '../domain/chain/engine.types';

/** Step statuses that record a decision (by a rule, a bot or a person). */
export const DECIDED_STATUSES: readonly StepStatus[] = ['approved', 'auto_approved', 'skipped', 'rejected', 'changes_requested'];

const CONTRACT_FACT_SQL = `
  INSERT INTO report_contract_facts AS f (contract_id, rep_id, customer_country, chain_id, policy_version, submitted_at, status,
    revision, completed_at, elapsed_ms, rework_ms, cycle_ms, target_ms, within_target, updated_at)
  SELECT c.id, c.submitter_id, c.customer_country, c.chain_id, c.policy_version, c.submitted_at, c.status, c.revision, c.completed_at,
    e.elapsed_ms, c.rework_ms, e.elapsed_ms - c.rework_ms, t.target_ms,
    CASE WHEN c.status = 'approved' THEN e.elapsed_ms - c.rework_ms <= t.target_ms END, now()
  FROM contracts c
  CROSS JOIN LATERAL (SELECT round(EXTRACT(EPOCH FROM (c.completed_at - c.submitted_at)) * 1000)::bigint AS elapsed_ms) e
  CROSS JOIN LATERAL (SELECT round(c.target_hours * 3600000)::bigint AS target_ms) t
  WHERE c.id = $1
  ON CONFLICT (contract_id) DO UPDATE SET
    customer_country = EXCLUDED.customer_country, status = EXCLUDED.status, revision = EXCLUDED.revision,
    completed_at = EXCLUDED.completed_at, elapsed_ms = EXCLUDED.elapsed_ms, rework_ms = EXCLUDED.rework_ms,
    cycle_ms = EXCLUDED.cycle_ms, target_ms = EXCLUDED.target_ms, within_target = EXCLUDED.within_target, updated_at = now()
  RETURNING (f.customer_country) AS country`;

// A decision kept from an earlier revision is not a new decision: it has its fact already.
const STEP_FACTS_SQL = `
  INSERT INTO report_step_facts AS f (contract_id, step_key, revision, outcome, decided_by_kind, decided_by_id, approver_id, task_id,
    started_at, task_created_at, decided_at, waiting_ms, processing_ms, due_at, breached, escalation_level,
    rep_id, customer_country, submitted_at, updated_at)
  SELECT s.contract_id, s.key, s.revision, s.status, s.decided_by_kind, s.decided_by_id,
    CASE WHEN s.decided_by_kind = 'user' THEN s.decided_by_id::uuid END, t.id,
    s.started_at, t.created_at, s.completed_at,
    CASE WHEN t.id IS NOT NULL THEN round(EXTRACT(EPOCH FROM (s.completed_at - t.created_at)) * 1000)::bigint END,
    round(EXTRACT(EPOCH FROM (s.completed_at - COALESCE(s.started_at, s.completed_at))) * 1000)::bigint,
    t.due_at,
    t.id IS NOT NULL AND (s.completed_at > t.due_at OR COALESCE((s.sla->>'breached')::boolean, false)),
    COALESCE(t.escalation_level, 0),
    c.submitter_id, c.customer_country, c.submitted_at, now()
  FROM contract_steps s
  JOIN contracts c ON c.id = s.contract_id
  LEFT JOIN tasks t ON t.id = s.task_id AND t.revision = s.revision
  WHERE s.contract_id = $1 AND s.key = ANY($2::text[])
    AND s.status = ANY($3::text[]) AND s.decided_by_kind IS NOT NULL AND s.completed_at IS NOT NULL
    AND s.kept_from_revision IS NULL
  ON CONFLICT (contract_id, step_key, revision) DO UPDATE SET
    outcome = EXCLUDED.outcome, decided_by_kind = EXCLUDED.decided_by_kind, decided_by_id = EXCLUDED.decided_by_id,
    approver_id = EXCLUDED.approver_id, task_id = EXCLUDED.task_id, started_at = EXCLUDED.started_at,
    task_created_at = EXCLUDED.task_created_at, decided_at = EXCLUDED.decided_at, waiting_ms = EXCLUDED.waiting_ms,
    processing_ms = EXCLUDED.processing_ms, due_at = EXCLUDED.due_at, breached = EXCLUDED.breached,
    escalation_level = EXCLUDED.escalation_level, customer_country = EXCLUDED.customer_country, updated_at = now()`;

/** Projects one persisted batch; a no-op for batches that change no fact. */
export async function projectProgress(m: EntityManager, batch: ProgressBatch): Promise<void> {
  const c = batch.contract;
  const contractChanged = c.status !== undefined || c.revision !== undefined || c.completedAt !== undefined || c.reworkMs !== undefined;
  if (contractChanged) {
    const [fact] = await m.query(CONTRACT_FACT_SQL, [batch.contractId]);
    // A revision may change the customer (and so its country): keep the step rows' filter in line.
    if (fact && c.revision !== undefined) {
      await m.query(`UPDATE report_step_facts SET customer_country = $2 WHERE contract_id = $1 AND customer_country <> $2`, [batch.contractId, fact.country]);
    }
  }
  const decided = batch.steps.filter((s) => DECIDED_STATUSES.includes(s.status) && s.keptFromRevision === undefined).map((s) => s.key);
  if (decided.length) await m.query(STEP_FACTS_SQL, [batch.contractId, decided, DECIDED_STATUSES]);
}
