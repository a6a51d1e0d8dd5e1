// Stores a newly submitted contract, before its workflow starts: the contract row, revision 1,
// one pending row per step of its chain and the CONTRACT_SUBMITTED audit event, in the caller's
// transaction. The API's submit and the simulator both go through here, so a simulated contract
// is stored exactly as a real one.
import type { EntityManager } from 'typeorm';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import type { ChainPolicy } from '../domain/chain/policy.types';
import type { ContractSubmission } from '../domain/contract/contract.types';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';
import { insertAuditEvents } from '../audit/audit.repository';
import { ContractEntity } from './contract.entity';
import { ContractRevisionEntity } from './contract-revision.entity';
import { ContractStepEntity } from './contract-step.entity';

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
  await m.getRepository(ContractEntity).insert({
    id,
    title: submission.title,
    status: 'in_review',
    revision: 1,
    chainId: policy.chainId,
    policyVersion: policy.version,
    submitterId: c.submitterId,
    customerName: submission.customer.name,
    customerRegistrationNumber: submission.customer.registrationNumber,
    customerCountry: submission.customer.country,
    currency: submission.currency,
    amount: submission.amount,
    data: submission,
    workflowId: contractWorkflowId(id),
    idempotencyKey: c.idempotency?.key ?? null,
    idempotencyHash: c.idempotency?.bodyHash ?? null,
    submittedAt: c.submittedAt,
    targetHours: policy.contractTargetHours,
  });
  await m.getRepository(ContractRevisionEntity).insert({ contractId: id, revision: 1, data: submission, changedFields: SUBMISSION_FIELDS, createdBy: c.submitterId });
  await m
    .getRepository(ContractStepEntity)
    .insert(policy.steps.map((step) => ({ contractId: id, key: step.key, number: step.number, name: step.name, status: 'pending' as const, revision: 1 })));
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

/** A StoredContract from a loaded contract. */
export function storedContract(c: Pick<ContractEntity, 'id' | 'submitterId' | 'submittedAt' | 'data' | 'policyVersion'>): StoredContract {
  return { id: c.id, submitterId: c.submitterId, submittedAt: new Date(c.submittedAt), submission: c.data, policyVersion: c.policyVersion };
}

/** The columns claimContractsWithoutWorkflow returns. */
interface ClaimedRow {
  id: string;
  submitter_id: string;
  submitted_at: Date;
  data: ContractSubmission;
  policy_version: string;
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
  const [rows]: [ClaimedRow[], number] = await db.query(
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
  return rows.map((r) => storedContract({ id: r.id, submitterId: r.submitter_id, submittedAt: r.submitted_at, data: r.data, policyVersion: r.policy_version }));
}

/** Gives a claimed contract back at once (its start failed), so the next pass may try again. */
export async function releaseClaim(db: Queryable, contractId: string): Promise<void> {
  await db.query(`UPDATE contracts SET workflow_start_claimed_until = NULL WHERE id = $1 AND workflow_started_at IS NULL`, [contractId]);
}
