// Helpers for driving contracts through the real API in tests: submit as a demo user, wait for
// the workflow to settle, decide tasks.
import type { ContractSubmission } from '../../src/domain/contract/contract.types';
import { contractWorkflowId, stateQuery } from '../../workflows/contract-approval/messages';
import type { TestStack } from './stack';
import { http } from './stack';
import { waitFor } from './wait';

export type Api = ReturnType<typeof http>;

export const token = (username: string) => `dev-${username}`;

export async function submit(api: Api, submission: ContractSubmission, as = 'alice', headers: Record<string, string> = {}) {
  const res = await api('POST', '/api/contracts', { token: token(as), body: submission, headers });
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function getContract(api: Api, id: string, as = 'olivia') {
  const res = await api('GET', `/api/contracts/${id}`, { token: token(as) });
  if (res.status !== 200) throw new Error(`get failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Waits until the contract is closed, or waits on people: the workflow (asked by query) has no
 * step in progress and every task it opened is visible through the API.
 */
export async function settled(api: Api, id: string, stack?: Pick<TestStack, 'client'>, timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const c = await getContract(api, id);
      if (['approved', 'rejected', 'withdrawn', 'changes_requested'].includes(c.status)) return c;
      if (c.steps.some((s: { status: string }) => s.status === 'in_progress') || c.openTasks.length === 0) return null;
      if (stack) {
        const live = await stack.client.workflow.getHandle(contractWorkflowId(id)).query(stateQuery);
        const waiting = live.steps.filter((s) => s.status === 'waiting').length;
        // A step several people decide together (countersign) waits on a task per approver still open.
        const approverTasks = (c.steps as { approvers?: { approvers: { status: string }[] } | null }[]).reduce((n, s) => n + Math.max(0, (s.approvers?.approvers.filter((a) => a.status === 'open').length ?? 0) - 1), 0);
        const expected = waiting + approverTasks;
        if (live.steps.some((s) => s.status === 'in_progress') || live.openTasks.length !== expected || c.openTasks.length !== expected) return null;
      }
      return c;
    },
    `contract ${id} to settle`,
    timeoutMs,
  );
}

export function step(contract: { steps: { key: string }[] }, key: string) {
  const s = contract.steps.find((x) => x.key === key);
  if (!s) throw new Error(`no step ${key}`);
  return s as any; // 
}

export function openTaskFor(contract: { openTasks: { stepKey: string }[] }, key: string) {
  const t = contract.openTasks.find((x) => x.stepKey === key);
  if (!t) throw new Error(`no open task for ${key}; open: ${contract.openTasks.map((x) => x.stepKey).join(', ')}`);
  return t as any; // 
}

/** Username of a user id (demo users). */
export async function usernameOf(stack: TestStack, userId: string): Promise<string> {
  const [row] = await stack.db.query(`SELECT username FROM users WHERE id = $1`, [userId]);
  return row.username;
}

export async function decide(api: Api, stack: TestStack, taskId: string, assigneeId: string, decision: string, comment?: string) {
  const as = await usernameOf(stack, assigneeId);
  return api('POST', `/api/tasks/${taskId}/decision`, { token: token(as), body: { decision, comment } });
}

export async function workflowResult(stack: TestStack, id: string) {
  return stack.client.workflow.getHandle(contractWorkflowId(id)).result();
}
