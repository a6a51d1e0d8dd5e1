// The units the benchmarks time: a baseline workflow, an automatic contract from POST to
// approved, and a human decision (decision → 200, and decision → the next step's task is open).
import { randomUUID } from 'node:crypto';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';
import { aContract, CUSTOMERS } from '../../test/factories/contract.factory';
import { baselineWorkflow } from '../baseline.workflow';
import type { Harness } from './harness';
import { pool } from './series';

export function baselineRun(h: Harness): () => Promise<number> {
  return async () => {
    const t0 = performance.now();
    await h.client.workflow.execute(baselineWorkflow, { taskQueue: h.baselineQueue, workflowId: `baseline-${randomUUID()}`, args: [{ steps: 15 }] });
    return performance.now() - t0;
  };
}

/** Submits a contract every rule approves and waits for its workflow's result; returns ms and its id. */
export async function automaticContract(h: Harness): Promise<{ ms: number; id: string }> {
  const t0 = performance.now();
  const { id } = (await h.post('/api/contracts', aContract())) as { id: string };
  const result = await h.client.workflow.getHandle(contractWorkflowId(id)).result();
  if (result.status !== 'approved') throw new Error(`contract ${id} ended ${result.status}`);
  return { ms: performance.now() - t0, id };
}

/**
 * A contract whose first person comes early: the customer's invoices are overdue, so credit
 * check (the third step) goes to a credit controller (carl); 90-day payment terms send finance
 * review, a later step, to fiona. Deciding the first task is then answered by the workflow and
 * followed by the next task opening.
 */
export const waitingContract = () => aContract({ customer: { name: CUSTOMERS.overdue.name, registrationNumber: CUSTOMERS.overdue.registrationNumber, country: CUSTOMERS.overdue.country }, paymentTermsDays: 90 });
export const FIRST_DECIDER = 'carl';

export interface Waiting {
  id: string;
  taskId: string;
}

/** Submits `count` waiting contracts, `concurrency` at a time; returns the wall time in ms. */
export async function submitWaiting(h: Harness, count: number, concurrency: number): Promise<{ ids: string[]; ms: number }> {
  const t0 = performance.now();
  const ids = await pool([...Array(count).keys()], concurrency, async () => ((await h.post('/api/contracts', waitingContract())) as { id: string }).id);
  return { ids, ms: performance.now() - t0 };
}

/** Waits until every contract in `ids` has its first task open; returns them with their task ids. */
export async function firstTasks(h: Harness, ids: string[], timeoutMs = 30 * 60_000): Promise<Waiting[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows: { contract_id: string; id: string }[] = await h.db.query(`SELECT contract_id, id FROM tasks WHERE contract_id = ANY($1::uuid[]) AND status = 'open'`, [ids]);
    if (rows.length >= ids.length) return rows.map((r) => ({ id: r.contract_id, taskId: r.id }));
    if (Date.now() > deadline) throw new Error(`only ${rows.length}/${ids.length} contracts reached their first task`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Decides a waiting contract's task (approve) through the API and returns decision → 200 and
 * decision → the next task open (or the contract closed), in ms. Polls the tasks table every 2 ms.
 */
export async function decideAndFollow(h: Harness, w: Waiting, user = FIRST_DECIDER): Promise<{ ack: number; next: number }> {
  const t0 = performance.now();
  await h.post(`/api/tasks/${w.taskId}/decision`, { decision: 'approve' }, user);
  const ack = performance.now() - t0;
  for (;;) {
    const [row] = await h.db.query(
      `SELECT (SELECT count(*)::int FROM tasks WHERE contract_id = $1 AND id <> $2 AND status = 'open') AS next, (SELECT status FROM contracts WHERE id = $1) AS status`,
      [w.id, w.taskId],
    );
    if (row.next > 0 || row.status !== 'in_review') return { ack, next: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * Waits until the contract's workflow has nothing in flight: no workflow task and no activity
 * pending (the next task's mail is sent). The idle series decides the next contract only then,
 * so that "nothing else running" holds: otherwise each decision shares the worker with the
 * previous one's mail and progress writes.
 */
export async function untilQuiet(h: Harness, id: string, timeoutMs = 60_000): Promise<void> {
  const handle = h.client.workflow.getHandle(contractWorkflowId(id));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { raw } = await handle.describe();
    if (!raw.pendingWorkflowTask && !raw.pendingActivities?.length) return;
    if (Date.now() > deadline) throw new Error(`contract ${id} still busy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
