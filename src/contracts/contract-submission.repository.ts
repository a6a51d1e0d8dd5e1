// Stores a newly submitted contract, before its workflow starts: the contract row, revision 1,
// one pending row per step of its chain and the CONTRACT_SUBMITTED audit event, in the caller's
// transaction. The API's submit and the simulator both go through here, so a simulated contract
// is stored exactly as a real one.
import type { EntityManager } from 'typeorm';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import type { ChainPolicy } from '../domain/chain/policy.types';
import type { ContractSubmission } from '../domain/contract/contract.types';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';
import { insertAuditEvents } from './contract-progress.repository';

/** Every field of a submission, in the order the API lists changes. */
export const SUBMISSION_FIELDS: (keyof ContractSubmission)[] = [
  'title',
  'customer',
  'currency',
  'amount',
  'paymentTermsDays',
  'requestedDeliveryDate',
  'personalData',
  'lines',
  'clauses',
];

export interface NewContract {
  id: string;
  submission: ContractSubmission;
  policy: ChainPolicy;
  submitterId: string;
  submittedAt: Date;
  /** Where the request came from, recorded on the audit event. */
  origin: Record<string, unknown>;
  idempotency?: { key: string; bodyHash: string };
}

export async function insertSubmittedContract(m: EntityManager, c: NewContract): Promise<void> {
  const { id, submission, policy } = c;
  await m.query(
    `INSERT INTO contracts (id, title, status, revision, chain_id, policy_version, submitter_id, customer_name, customer_registration_number,
       customer_country, currency, amount, data, workflow_id, idempotency_key, idempotency_hash, submitted_at, target_hours)
     VALUES ($1,$2,'in_review',1,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
    [id, submission.title, policy.chainId, policy.version, c.submitterId, submission.customer.name, submission.customer.registrationNumber,
      submission.customer.country, submission.currency, submission.amount, JSON.stringify(submission), contractWorkflowId(id),
      c.idempotency?.key ?? null, c.idempotency?.bodyHash ?? null, c.submittedAt, policy.contractTargetHours],
  );
  await m.query(
    `INSERT INTO contract_revisions (contract_id, revision, data, changed_fields, created_by) VALUES ($1, 1, $2, $3, $4)`,
    [id, JSON.stringify(submission), SUBMISSION_FIELDS, c.submitterId],
  );
  for (const step of policy.steps) {
    await m.query(
      `INSERT INTO contract_steps (contract_id, key, number, name, status, revision) VALUES ($1,$2,$3,$4,'pending',1)`,
      [id, step.key, step.number, step.name],
    );
  }
  await insertAuditEvents(m, [{
    eventKey: `${id}:submitted`,
    type: AUDIT_EVENT_TYPES.CONTRACT_SUBMITTED,
    contractId: id,
    actorKind: 'user',
    actorId: c.submitterId,
    revision: 1,
    stepKey: null,
    occurredAt: c.submittedAt.toISOString(),
    origin: c.origin,
    data: { policyVersion: policy.version, chainId: policy.chainId, amount: submission.amount, currency: submission.currency },
  }]);
}

/** What starting a stored contract's workflow needs from its row. */
export interface StoredContract {
  id: string;
  submitterId: string;
  submittedAt: Date;
  submission: ContractSubmission;
  policyVersion: string;
}

/** A StoredContract from a contracts row (`SELECT c.*` or the columns claimContractsWithoutWorkflow returns). */
export function storedContract(r: Record<string, unknown>): StoredContract {
  return {
    id: r.id as string,
    submitterId: r.submitter_id as string,
    submittedAt: new Date(r.submitted_at as string | Date),
    submission: r.data as ContractSubmission,
    policyVersion: r.policy_version as string,
  };
}

type Queryable = Pick<EntityManager, 'query'>;

/** Records that contract-<id> runs; the reconciler and Idempotency-Key replays never start it again. */
export async function markWorkflowStarted(db: Queryable, contractId: string): Promise<void> {
  await db.query(
    `UPDATE contracts SET workflow_started_at = now(), workflow_start_claimed_until = NULL WHERE id = $1 AND workflow_started_at IS NULL`,
    [contractId],
  );
}

/**
 * Claims up to `limit` contracts stored more than `olderThanMs` ago whose workflow was never
 * started, for `leaseMs`: SKIP LOCKED and the lease keep several reconcilers (one per worker) off
 * the same rows, and the lease is short so that a reconciler that dies mid-way holds nothing for
 * long. The claim commits at once; the starts happen outside any transaction.
 */
export async function claimContractsWithoutWorkflow(db: Queryable, o: { olderThanMs: number; leaseMs: number; limit: number }): Promise<StoredContract[]> {
  // TypeORM answers an UPDATE … RETURNING with [rows, rowCount].
  const [rows]: [Record<string, unknown>[], number] = await db.query(
    `UPDATE contracts c SET workflow_start_claimed_until = now() + $2 * interval '1 millisecond'
     WHERE c.id IN (
       SELECT id FROM contracts
       WHERE workflow_started_at IS NULL AND status = 'in_review'
         AND submitted_at < now() - $1 * interval '1 millisecond'
         AND (workflow_start_claimed_until IS NULL OR workflow_start_claimed_until < now())
       ORDER BY submitted_at
       LIMIT $3
       FOR UPDATE SKIP LOCKED)
     RETURNING c.id, c.submitter_id, c.submitted_at, c.data, c.policy_version`,
    [o.olderThanMs, o.leaseMs, o.limit],
  );
  return rows.map(storedContract);
}

/** Gives a claimed contract back at once (its start failed), so the next pass may try again. */
export async function releaseClaim(db: Queryable, contractId: string): Promise<void> {
  await db.query(`UPDATE contracts SET workflow_start_claimed_until = NULL WHERE id = $1 AND workflow_started_at IS NULL`, [contractId]);
}
