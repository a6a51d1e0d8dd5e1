// Fixtures: real ids for the fuzzer, made through the public API only: contracts waiting on sam,
// contracts sent back to the rep, their open tasks, the e-mailed link tokens and the users' ids.
import { MailpitClient } from 'mailpit-api';
import { waitFor } from '../lib/wait';
import type { Stack } from './stack';

const FIXTURE_TIMEOUT_MS = 120_000;
const FIXTURES_PER_KIND = 3;

interface ClauseLibraryReply {
  clauses?: { key: string; standardText: string; mandatory: boolean }[];
}
interface CustomerReply {
  name: string;
  registrationNumber: string;
  country: string;
}
interface ContractReply {
  status?: string;
  openTasks?: { id: string; stepKey: string }[];
  steps?: { key: string; status: string }[];
}

export interface Fixtures {
  contractIds: string[];
  taskIds: string[];
  linkTokens: string[];
  userIds: string[];
}

export interface Reply<T> {
  status: number;
  /** Parsed JSON, or the text when it is not JSON; only as typed as what this file reads of it. */
  body: T;
}

export async function call<T = unknown>(baseUrl: string, method: string, path: string, as: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer dev-${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T };
}

export async function expectOk<T>(what: string, promise: Promise<Reply<T>>): Promise<T> {
  const res = await promise;
  if (res.status < 200 || res.status > 299) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  return res.body;
}

function dateAfter(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export async function makeFixtures(stack: Stack, runId: string): Promise<Fixtures> {
  const { baseUrl } = stack;
  const library = await expectOk('GET /api/clause-library', call<ClauseLibraryReply | null>(baseUrl, 'GET', '/api/clause-library', 'alice'));
  const customers = await expectOk('GET /api/customers', call<CustomerReply[]>(baseUrl, 'GET', '/api/customers', 'alice'));
  const users = await expectOk('GET /api/users', call<{ id?: unknown }[]>(baseUrl, 'GET', '/api/users', 'alice'));
  const customer = customers.find((c) => c.registrationNumber === '91310000MA1FL0001X') ?? customers[0];
  if (!customer) throw new Error('GET /api/customers returned no customer; is the demo organisation seeded?');
  const clauses = (library?.clauses ?? []).filter((c) => c.mandatory).map((c) => ({ key: c.key, text: c.standardText }));
  // 1,140,000 CNY at 5% off list: above the sales manager's 1 M threshold, within credit and
  // every other rule, so the chain stops at one human step: the rep's manager (sam) approves.
  const submission = {
    title: `Fuzz fixture ${runId}`,
    customer: { name: customer.name, registrationNumber: customer.registrationNumber, country: customer.country },
    currency: 'CNY',
    amount: 1_140_000,
    paymentTermsDays: 30,
    requestedDeliveryDate: dateAfter(90),
    personalData: false,
    lines: [{ sku: 'GL-LIC-STD', quantity: 120, unitPrice: 9_500, taxRatePercent: 6 }],
    clauses,
  };
  // Several of each: the first state-changing request that gets through (a withdrawal, a
  // decision) closes its contract or task, and the later, odder inputs need live targets too.
  const inReview: { id: string; title: string }[] = [];
  const sentBack: { id: string }[] = [];
  for (let i = 1; i <= FIXTURES_PER_KIND; i++) {
    const title = `Fuzz fixture ${runId}: in review ${i}`;
    const created = await expectOk(`submit in-review fixture ${i}`, call<{ id: string }>(baseUrl, 'POST', '/api/contracts', 'alice', { ...submission, title }, { 'idempotency-key': `fuzz-${runId}-review-${i}` }));
    inReview.push({ id: created.id, title });
    // An amount that is not the lines' total: intake sends it back to the rep, so revisions
    // have a real target.
    sentBack.push(
      await expectOk(
        `submit sent-back fixture ${i}`,
        call<{ id: string }>(baseUrl, 'POST', '/api/contracts', 'alice', { ...submission, title: `Fuzz fixture ${runId}: sent back ${i}`, amount: 1_000 }, { 'idempotency-key': `fuzz-${runId}-back-${i}` }),
      ),
    );
  }

  const tasks = new Map<string, string>();
  let last = '';
  await waitFor(
    async () => {
      const steps = (c: ContractReply | undefined) => (c?.steps ?? []).filter((s) => s.status !== 'pending').map((s) => `${s.key}=${s.status}`).join(' ');
      for (const c of inReview) {
        if (tasks.has(c.id)) continue;
        const res = await call<ContractReply | undefined>(baseUrl, 'GET', `/api/contracts/${c.id}`, 'olivia');
        const task = res.body?.openTasks?.find((t) => t.stepKey === 'sales_manager_approval');
        if (task) tasks.set(c.id, task.id);
        else last = `${c.id}: HTTP ${res.status} ${res.body?.status} [${steps(res.body)}]`;
      }
      for (const c of sentBack) {
        const res = await call<ContractReply | undefined>(baseUrl, 'GET', `/api/contracts/${c.id}`, 'olivia');
        if (res.body?.status !== 'changes_requested') {
          last = `${c.id}: HTTP ${res.status} ${res.body?.status} [${steps(res.body)}]`;
          return false;
        }
      }
      return tasks.size === inReview.length;
    },
    `contracts ${inReview.map((c) => c.id).join(', ')} to wait on sam and ${sentBack.map((c) => c.id).join(', ')} to be sent back`,
    { timeoutMs: FIXTURE_TIMEOUT_MS, intervalMs: 500, describe: () => `last seen: ${last}` },
  );

  const linkTokens: string[] = [];
  if (stack.mail) {
    // The task mail to sam names the contract in its subject; its link carries the token.
    const mailpit = new MailpitClient(stack.mail.httpUrl);
    for (const c of inReview) {
      const message = await waitFor(
        async () => {
          const { messages } = await mailpit.listMessages(0, 1000);
          // Mailpit sends null, not [], for an empty address list (the client's types say otherwise).
          const recipients = (m: (typeof messages)[number]) => [m.To, m.Cc, m.Bcc].flatMap((list) => (list as typeof list | null) ?? []);
          const toSam = messages.find((m) => m.Subject.includes(c.title) && recipients(m).some((to) => to.Address.startsWith('sam@')));
          return toSam && mailpit.getMessageSummary(toSam.ID);
        },
        `the task mail to sam about ${c.title}`,
        { timeoutMs: 30_000, intervalMs: 200 },
      ).catch(() => undefined);
      const token = message && /\/tasks\/act\/([A-Za-z0-9_-]{20,})/.exec(`${message.Text}\n${message.HTML}`)?.[1];
      if (token) linkTokens.push(token);
    }
  }
  return {
    contractIds: [...inReview.map((c) => c.id), ...sentBack.map((c) => c.id)],
    taskIds: [...tasks.values()],
    linkTokens,
    userIds: users.map((u) => u.id).filter((id): id is string => typeof id === 'string'),
  };
}
