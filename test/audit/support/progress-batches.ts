// Contracts and progress batches shaped like the ones the approval workflow persists, for tests
// and the audit benchmark that drive applyProgress directly (no Temporal): a stored contract, and
// the batches of an automatic run through the 15 steps (start, decision, approval).
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { insertSubmittedContract } from '../../../src/contracts/contract-submission.repository';
import { userId } from '../../../src/database/seed/demo-organisation';
import { AUDIT_EVENT_TYPES, type AuditEventInput } from '../../../src/domain/audit/audit-event-types';
import type { ProgressBatch, StepState } from '../../../src/domain/chain/engine.types';
import { SLIM_POLICY } from '../../../src/domain/chain/slim.policy';
import { aContract } from '../../factories/contract.factory';

/** Stores a submitted contract (row, revision 1, 15 pending steps, CONTRACT_SUBMITTED). */
export async function storeContract(m: EntityManager, id: string = randomUUID(), submittedAt = new Date()): Promise<string> {
  await insertSubmittedContract(m, {
    id,
    submission: aContract({}, submittedAt),
    policy: SLIM_POLICY,
    submitterId: userId('alice'),
    submittedAt,
    origin: { channel: 'test' },
  });
  return id;
}

const at = (base: number, seconds: number) => new Date(base + seconds * 1000).toISOString();

function event(contractId: string, key: string, type: AuditEventInput['type'], occurredAt: string, stepKey: string | null, data: Record<string, unknown>): AuditEventInput {
  return { eventKey: `${contractId}:${key}`, type, contractId, actorKind: 'rule', actorId: 'test-rule', revision: 1, stepKey, occurredAt, origin: null, data };
}

/**
 * The batch that decides step `index` (0-based) of the slim chain by rule and starts the next one:
 * two step rows, the contract's current step and status, STEP_AUTO_APPROVED and STEP_STARTED.
 * `tag` makes the event keys of a re-run distinct (a retry with the same tag writes nothing new).
 */
export function stepBatch(contractId: string, index: number, tag = 'run', base = Date.now()): ProgressBatch {
  const step = SLIM_POLICY.steps[index];
  const next = SLIM_POLICY.steps[index + 1];
  const decided: StepState = {
    key: step.key,
    number: step.number,
    name: step.name,
    status: 'auto_approved',
    revision: 1,
    decidedBy: { kind: 'rule', id: `${step.key}.rule` },
    policyVersion: SLIM_POLICY.version,
    reason: 'within policy',
    inputs: { amount: 190_000, index },
    startedAt: at(base, index * 2),
    completedAt: at(base, index * 2 + 1),
  };
  const steps: StepState[] = [decided];
  const events = [event(contractId, `${tag}:${step.key}:decided`, AUDIT_EVENT_TYPES.STEP_AUTO_APPROVED, decided.completedAt!, step.key, { ruleId: `${step.key}.rule`, reason: decided.reason })];
  if (next) {
    steps.push({ key: next.key, number: next.number, name: next.name, status: 'in_progress', revision: 1, startedAt: at(base, index * 2 + 2) });
    events.push(event(contractId, `${tag}:${next.key}:started`, AUDIT_EVENT_TYPES.STEP_STARTED, at(base, index * 2 + 2), next.key, {}));
  }
  return { contractId, steps, contract: { status: 'in_review', currentSteps: next ? [next.key] : [] }, events };
}

/** The closing batch: the contract approved and completed, CONTRACT_APPROVED. */
export function approvalBatch(contractId: string, tag = 'run', base = Date.now()): ProgressBatch {
  const completedAt = at(base, SLIM_POLICY.steps.length * 2 + 1);
  return {
    contractId,
    steps: [],
    contract: { status: 'approved', currentSteps: [], completedAt },
    events: [event(contractId, `${tag}:approved`, AUDIT_EVENT_TYPES.CONTRACT_APPROVED, completedAt, null, { policyVersion: SLIM_POLICY.version })],
  };
}

/** Every batch of an automatic contract, in order: 15 step batches and the approval. */
export function automaticRun(contractId: string, tag = 'run', base = Date.now()): ProgressBatch[] {
  return [...SLIM_POLICY.steps.map((_, i) => stepBatch(contractId, i, tag, base)), approvalBatch(contractId, tag, base)];
}
