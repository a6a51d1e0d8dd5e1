// The workflow under input and timing it used to choke on (issue #11): data the database
// refuses opens a visible incident that ops can retry instead of jamming the contract for good;
// a decision racing a rejection is refused instead of orphaning its task; a withdrawal while the
// order is being created is refused; deadlines are bounded; a contract sent back again and
// again continues as new instead of growing one history without bound. Real PostgreSQL, the
// Temporal dev server, SMTP and the HTTP API.
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { http, startTestStack, type TestStack } from '../support/stack';
import { type Api, decide, getContract, openTaskFor, settled, submit, token } from '../support/contracts';
import { waitFor } from '../support/wait';
import { aContract } from '../factories/contract.factory';
import { insertSubmittedContract } from '../../src/contracts/contract-submission.repository';
import { PolicyService } from '../../src/reference/policy.service';
import type { ContractWorkflowInput } from '../../src/domain/chain/engine.types';
import { CONTRACT_WORKFLOW_TYPE, contractWorkflowId, stateQuery, withdrawUpdate } from '../../workflows/contract-approval/messages';

jest.setTimeout(180_000);

let stack: TestStack;
let api: Api;
let admin: PgClient;

beforeAll(async () => {
  stack = await startTestStack({ api: true });
  api = http(stack.baseUrl!);
  admin = new PgClient({ connectionString: process.env.DATABASE_ADMIN_URL });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await stack?.stop();
});

const userId = async (username: string): Promise<string> => (await stack.db.query(`SELECT id FROM users WHERE username = $1`, [username]))[0].id;
const auditTypes = async (id: string): Promise<string[]> =>
  (await stack.db.query(`SELECT type FROM audit_events WHERE contract_id = $1 ORDER BY id`, [id])).map((r: { type: string }) => r.type);
const incidentsOf = async (id: string) => (await stack.db.query(`SELECT incidents FROM contracts WHERE id = $1`, [id]))[0].incidents;

/** Payment terms of 90 days: finance_review needs fiona. */
const withFinanceTask = () => aContract({ title: `Hardening ${randomUUID().slice(0, 8)}`, paymentTermsDays: 90 });

describe('incidents instead of poison pills', () => {
  test('a NUL that reaches the workflow opens a visible incident; the Update answers and ops can see and retry it', async () => {
    const id = await submit(api, withFinanceTask());
    await settled(api, id, stack);
    // Past the HTTP edge (which refuses U+0000 since #11): straight to the workflow, as a bug or another client could.
    const snapshot = await stack.client.workflow
      .getHandle(contractWorkflowId(id))
      .executeUpdate(withdrawUpdate, { args: [{ userId: await userId('alice'), reason: 'x\u0000y' }], updateId: `withdraw-nul-${id}` });
    expect(snapshot.incidents).toHaveLength(1);
    expect(snapshot.incidents![0]).toMatchObject({ activity: 'recordProgress', errorType: 'DATA_ERROR', retryable: false });
    expect(snapshot.incidents![0].message).toMatch(/SQLSTATE 22/);

    const stored = await waitFor(async () => (await incidentsOf(id)) ?? null, 'the incident on the contract row');
    expect(stored[0]).toMatchObject({ activity: 'recordProgress', errorType: 'DATA_ERROR' });
    expect(await auditTypes(id)).toContain('INCIDENT_OPENED');

    const list = await api('GET', '/api/incidents', { token: token('olivia') });
    expect(list.status).toBe(200);
    expect(list.body.find((c: { id: string }) => c.id === id)?.incidents[0].activity).toBe('recordProgress');
    expect((await api('GET', '/api/incidents', { token: token('alice') })).status).toBe(403);

    // The data is still unstorable: a retry fails again and the contract keeps its incident.
    expect((await api('POST', `/api/contracts/${id}/retry`, { token: token('alice') })).status).toBe(403);
    const retried = await api('POST', `/api/contracts/${id}/retry`, { token: token('olivia') });
    expect(retried.status).toBe(200);
    expect(retried.body.incidents).toHaveLength(1);
    expect(retried.body.incidents[0].retries).toBe(1);
    expect(await auditTypes(id)).toContain('INCIDENT_RETRIED');
  });

  test('an incident whose cause is fixed is resolved by a retry, and the contract moves on', async () => {
    const id = await submit(api, withFinanceTask());
    await settled(api, id, stack);
    const constraint = `block_${id.replace(/-/g, '')}`;
    // A data error the database raises for this contract only, until ops "fix the data".
    await admin.query(`ALTER TABLE contracts ADD CONSTRAINT ${constraint} CHECK (id <> '${id}'::uuid OR status <> 'withdrawn') NOT VALID`);
    try {
      const withdrawn = await api('POST', `/api/contracts/${id}/withdraw`, { token: token('alice'), body: { reason: 'customer went elsewhere' } });
      expect(withdrawn.status).toBeLessThan(300);
      const stored = await waitFor(async () => (await incidentsOf(id)) ?? null, 'the incident on the contract row');
      expect(stored[0]).toMatchObject({ errorType: 'DATA_ERROR', retryable: false });
      const stuck = await getContract(api, id);
      expect(stuck).toMatchObject({ status: 'in_review', needsAttention: true });
      expect(stuck.incidents[0]).toMatchObject({ errorType: 'DATA_ERROR' });
    } finally {
      await admin.query(`ALTER TABLE contracts DROP CONSTRAINT IF EXISTS ${constraint}`);
    }
    const retried = await api('POST', `/api/contracts/${id}/retry`, { token: token('olivia') });
    expect(retried.status).toBe(200);
    await waitFor(async () => (await getContract(api, id)).status === 'withdrawn', 'the withdrawal to be stored');
    await waitFor(async () => (await incidentsOf(id)) === null, 'the incident to be resolved');
    const types = await auditTypes(id);
    expect(types.filter((t) => t.startsWith('INCIDENT_'))).toEqual(['INCIDENT_OPENED', 'INCIDENT_RETRIED', 'INCIDENT_RESOLVED']);
    expect(types).toContain('CONTRACT_WITHDRAWN');
    // Nothing left to retry.
    const again = await api('POST', `/api/contracts/${id}/retry`, { token: token('olivia') });
    expect(again.status).toBe(409);
    expect(again.body.code).toMatch(/NO_INCIDENT|CONTRACT_ALREADY_CLOSED/);
  });
});

describe('races', () => {
  test('a decision racing a rejection is refused with 409 CONTRACT_HALTED and leaves no orphan task', async () => {
    // Finance (90-day terms) and tax (13% instead of the catalogue's 6%) review in parallel.
    const id = await submit(api, aContract({ paymentTermsDays: 90, lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 13 }] }));
    const c = await settled(api, id, stack);
    const tax = openTaskFor(c, 'tax_review');
    const finance = openTaskFor(c, 'finance_review');
    const rejected = await decide(api, stack, tax.id, tax.assignee.id, 'reject', 'Tax treatment is wrong');
    expect(rejected.status).toBe(200);
    const late = await decide(api, stack, finance.id, finance.assignee.id, 'approve');
    expect(late.status).toBe(409);
    expect(late.body.code).toMatch(/CONTRACT_HALTED|TASK_ALREADY_DECIDED|CONTRACT_ALREADY_CLOSED/);

    const final = await waitFor(async () => {
      const x = await getContract(api, id);
      return x.status === 'rejected' ? x : null;
    }, 'the rejection');
    expect(final.openTasks).toEqual([]);
    const [row] = await stack.db.query(`SELECT status, decision FROM tasks WHERE id = $1`, [finance.id]);
    expect(row).toEqual({ status: 'cancelled', decision: null });
    await stack.client.workflow.getHandle(contractWorkflowId(id)).result();
  });

  test('a withdrawal while the order is being created is refused with 409 CONTRACT_CLOSING', async () => {
    const id = await submit(api, withFinanceTask());
    const c = await settled(api, id, stack);
    const finance = openTaskFor(c, 'finance_review');
    // Hold order creation: inserts into orders wait while this transaction holds SHARE on the table.
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE orders IN SHARE MODE');
    try {
      expect((await decide(api, stack, finance.id, finance.assignee.id, 'approve')).status).toBe(200);
      await waitFor(
        async () => (await stack.db.query(`SELECT status FROM contract_steps WHERE contract_id = $1 AND key = 'order_creation'`, [id]))[0]?.status === 'in_progress',
        'order creation to start',
      );
      const withdraw = await api('POST', `/api/contracts/${id}/withdraw`, { token: token('alice'), body: { reason: 'too late' } });
      expect(withdraw.status).toBe(409);
      expect(withdraw.body.code).toBe('CONTRACT_CLOSING');
    } finally {
      await admin.query('COMMIT');
    }
    const final = await waitFor(async () => {
      const x = await getContract(api, id);
      return x.status === 'approved' ? x : null;
    }, 'the approval');
    expect(final.order?.orderNumber).toMatch(/^SO-/);
  });
});

describe('deadlines', () => {
  test('ops cannot move a deadline decades ahead or minutes ahead; a day ahead is fine', async () => {
    const id = await submit(api, withFinanceTask());
    const task = openTaskFor(await settled(api, id, stack), 'finance_review');
    const move = (dueAt: string) => api('POST', `/api/tasks/${task.id}/deadline`, { token: token('olivia'), body: { dueAt, reason: 'customer call' } });

    const far = await move('2045-01-01T00:00:00Z');
    expect(far.status).toBe(400);
    expect(JSON.stringify(far.body)).toMatch(/dueAt/);
    const soon = await move(new Date(Date.now() + 30_000).toISOString());
    expect(soon.status).toBe(400);
    expect(JSON.stringify(soon.body)).toMatch(/dueAt/);

    const ok = await move(new Date(Date.now() + 26 * 3600_000).toISOString());
    expect(ok.status).toBe(200);
    const live = await stack.client.workflow.getHandle(contractWorkflowId(id)).query(stateQuery);
    expect(live.openTasks[0].dueAt).not.toBe(task.dueAt);
  });
});

describe('bounded history', () => {
  test('a contract sent back again and again continues as new while with the rep, and then completes with one unbroken audit trail', async () => {
    const policies = new PolicyService(stack.config);
    const policy = policies.current();
    const id = randomUUID();
    const submitterId = await userId('alice');
    const submittedAt = new Date();
    // An unknown SKU: intake sends it back every time.
    const unknownSku = [{ sku: 'NO-SUCH-SKU', quantity: 1, unitPrice: 190_000, taxRatePercent: 6 }];
    const submission = aContract({ title: 'Sent back repeatedly', lines: unknownSku });
    await stack.db.transaction((m) => insertSubmittedContract(m, { id, submission, policy, submitterId, submittedAt, origin: { channel: 'test' } }));
    const input: ContractWorkflowInput = {
      contractId: id,
      submitterId,
      submittedAt: submittedAt.toISOString(),
      submission,
      policy,
      searchAttributes: stack.config.TEMPORAL_SEARCH_ATTRIBUTES,
      historyLimit: 12, // below two revisions of this contract's history (local progress writes keep it short)
    };
    const first = await stack.client.workflow.start(CONTRACT_WORKFLOW_TYPE, { workflowId: contractWorkflowId(id), taskQueue: stack.config.TEMPORAL_TASK_QUEUE, args: [input] });
    const firstRunId = first.firstExecutionRunId;

    for (let revision = 1; revision <= 4; revision++) {
      await waitFor(async () => {
        const c = await getContract(api, id);
        if (c.status !== 'changes_requested') throw new Error(`status ${c.status} revision ${c.revision} steps ${JSON.stringify(c.steps.map((s: { key: string; status: string }) => s.status))}`);
        return c.revision === revision;
      }, `revision ${revision} to come back to the rep`);
      // A run continues as new only once the mail it sent is out (a rep answering faster keeps the run going).
      await waitFor(
        async () => (await stack.db.query(`SELECT 1 FROM mail_log WHERE event_key = $1 AND status = 'sent'`, [`${id}:rep:changes_requested:${revision}`])).length > 0,
        `the changes-requested mail of revision ${revision}`,
      );
      await waitFor(async () => (await stack.client.workflow.getHandle(contractWorkflowId(id)).describe()).runId !== firstRunId || revision === 1, 'the run to continue as new');
      const last = revision === 4;
      const res = await api('POST', `/api/contracts/${id}/revisions`, {
        token: token('alice'),
        body: { baseRevision: revision, lines: last ? aContract().lines : unknownSku, comment: `attempt ${revision}` },
      });
      expect([revision, res.status, res.body.message]).toEqual([revision, 200, undefined]);
    }
    const final = await waitFor(async () => {
      const c = await getContract(api, id);
      return c.status === 'approved' ? c : null;
    }, 'the approval');
    expect(final.revision).toBe(5);

    const described = await stack.client.workflow.getHandle(contractWorkflowId(id)).describe();
    expect(described.runId).not.toBe(firstRunId);
    const events = await stack.db.query(`SELECT event_key, type FROM audit_events WHERE contract_id = $1 ORDER BY id`, [id]);
    expect(new Set(events.map((e: { event_key: string }) => e.event_key)).size).toBe(events.length);
    expect(events.filter((e: { type: string }) => e.type === 'CONTRACT_REVISED')).toHaveLength(4);
    expect(events.filter((e: { type: string }) => e.type === 'CHANGES_REQUESTED').length).toBeGreaterThanOrEqual(4);
    // The approval mail's MAIL_SENT may land after it (the mail goes out once the contract is approved).
    expect(events.filter((e: { type: string }) => e.type !== 'MAIL_SENT').at(-1).type).toBe('CONTRACT_APPROVED');
  });
});
