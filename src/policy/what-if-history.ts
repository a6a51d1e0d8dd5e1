// What-if over the contracts submitted in a window: loads them in batches (contracts by keyset, the
// steps of a whole batch in one query, the catalogue and clause library once), compares what the
// workflow recorded with what the asked policy's pure rules decide (src/domain/chain/what-if.ts)
// and sums it (what-if-tally.ts). No Nest: the API's WhatIfService and the policy:what-if command
// both call it.
import type { DataSource } from 'typeorm';
import { BOT_IDS } from '../domain/chain/policy';
import type { ChainPolicy } from '../domain/chain/policy.types';
import type { StepApprovers } from '../domain/chain/countersign';
import { beforeVerdicts, evaluatePolicy, type RecordedInputs, type RecordedStep, recordedVerdict, type StepVerdict } from '../domain/chain/what-if';
import { WhatIfTally, type WhatIfSummary } from '../domain/chain/what-if-tally';
import type { ContractSubmission, CustomerRecord } from '../domain/contract/contract.types';
import { ReferenceRepository } from '../reference/reference.repository';

/** Contracts read per query; their steps are read in one query per batch. */
export const WHAT_IF_BATCH = 500;

export interface WhatIfWindow {
  /** Submitted at or after. */
  from: Date;
  /** Submitted before. */
  to: Date;
}

interface ContractRow {
  id: string;
  title: string;
  revision: number;
  status: string;
  policy_version: string;
  submitter_id: string;
  submitted_at: Date;
  /** submitted_at as PostgreSQL prints it: the keyset cursor keeps its microseconds. */
  cursor: string;
  data: ContractSubmission;
}

interface StepRow {
  contract_id: string;
  key: string;
  revision: number;
  status: RecordedStep['status'];
  decided_by_kind: RecordedStep['decidedByKind'];
  decided_by_id: string | null;
  task_id: string | null;
  reason: string | null;
  approvers: StepApprovers | null;
  inputs: Record<string, unknown> | null;
}

/**
 * Compares, for every contract of `policy`'s chain submitted in the window (current revision),
 * the steps the workflow recorded with `policy`'s decisions. `policyOf` gives the policy a
 * contract ran under (for the role its recorded tasks went to); undefined falls back to `policy`.
 */
export async function whatIfOverHistory(
  db: DataSource,
  policy: ChainPolicy,
  window: WhatIfWindow,
  policyOf: (version: string) => ChainPolicy | undefined,
  maxChanges: number,
): Promise<WhatIfSummary> {
  const reference = new ReferenceRepository(db);
  const [products, clauseLibrary] = await Promise.all([reference.allProducts(), reference.clauseLibrary()]);
  if (!clauseLibrary) throw new Error('The clause library is missing: run the migrate command to seed reference data');
  const catalogue = Object.fromEntries(products.map((p) => [p.sku, p]));
  const tally = new WhatIfTally(policy, maxChanges);
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const contracts: ContractRow[] = await db.query(
      `SELECT id, title, revision, status, policy_version, submitter_id, submitted_at, submitted_at::text AS cursor, data FROM contracts
       WHERE chain_id = $1 AND submitted_at >= $2 AND submitted_at < $3 AND ($4::timestamptz IS NULL OR (submitted_at, id) > ($4::timestamptz, $5::uuid))
       ORDER BY submitted_at, id LIMIT ${WHAT_IF_BATCH}`,
      [policy.chainId, window.from, window.to, after?.at ?? null, after?.id ?? null],
    );
    if (contracts.length === 0) break;
    const steps: StepRow[] = await db.query(
      `SELECT contract_id, key, revision, status, decided_by_kind, decided_by_id, task_id, reason, inputs, approvers
       FROM contract_steps WHERE contract_id = ANY($1::uuid[])`,
      [contracts.map((c) => c.id)],
    );
    const byContract = new Map<string, StepRow[]>();
    for (const s of steps) byContract.set(s.contract_id, [...(byContract.get(s.contract_id) ?? []), s]);
    for (const c of contracts) {
      // Only the current revision's records: a step row of an older revision is not yet redone.
      const rows = (byContract.get(c.id) ?? []).filter((s) => s.revision === c.revision);
      const ranUnder = policyOf(c.policy_version) ?? policy;
      const defs = new Map(ranUnder.steps.map((d) => [d.key, d]));
      const recorded = new Map<string, StepVerdict>();
      for (const s of rows) {
        recorded.set(s.key, recordedVerdict({ key: s.key, status: s.status, decidedByKind: s.decided_by_kind, decidedById: s.decided_by_id, taskId: s.task_id, reason: s.reason, approvers: s.approvers }, defs.get(s.key), s.key));
      }
      const inputs: RecordedInputs = {
        contract: c.data,
        revision: c.revision,
        submittedAt: new Date(c.submitted_at).toISOString(),
        submitterId: c.submitter_id,
        products: Object.fromEntries(c.data.lines.filter((l) => catalogue[l.sku]).map((l) => [l.sku, catalogue[l.sku]])),
        clauseLibrary,
        customer: recordedCustomer(rows),
      };
      // A running contract's steps not reached yet count with what its own policy will decide.
      const before = beforeVerdicts(recorded, c.status === 'in_review', () => evaluatePolicy(ranUnder, inputs));
      tally.add({ id: c.id, title: c.title }, before, evaluatePolicy(policy, inputs));
    }
    const last = contracts[contracts.length - 1];
    after = { at: last.cursor, id: last.id };
    if (contracts.length < WHAT_IF_BATCH) break;
  }
  return tally.summary();
}

/** What customer capture's bot found, as recorded on its step (bot-registry.ts: inputs.customer). */
function recordedCustomer(rows: readonly StepRow[]): CustomerRecord | undefined {
  const capture = rows.find((s) => s.decided_by_id === BOT_IDS.customerRegistryLookup && s.status === 'auto_approved');
  const customer = capture?.inputs?.customer;
  return customer && typeof customer === 'object' ? (customer as CustomerRecord) : undefined;
}
