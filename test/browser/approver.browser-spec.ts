// The approver's pages in real Chromium against the real stack: the inbox lists my tasks soonest
// due first with the due time in the organisation's zone and a colour; bulk approval reports the
// outcome per task (one of them already decided elsewhere); the task page asks for the comment a
// request for changes needs before the API does, then sends it; a refusal (409) reads as a
// sentence naming who decided and when; out of office is saved in the organisation's zone with a
// delegate. axe-core on the inbox and the task page in both languages and at 375 px.
import type { Page } from 'playwright-core';
import { userId } from '../../src/database/seed/demo-organisation';
import { http } from '../support/stack';
import { waitFor } from '../support/wait';
import { openTask, submitLegalContract, type TaskRow, usernameOf } from '../task-links/support';
import { expectAccessible } from './support/axe';
import { type BrowserStack, screenshot, startBrowserStack } from './support/browser';

jest.setTimeout(240_000);

const LEE = userId('lee');
const ORG_ZONE = 'Asia/Shanghai';
const HOUR = 3_600_000;

let b: BrowserStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  b = await startBrowserStack();
  api = http(b.stack.baseUrl!);
});
afterAll(async () => {
  await b?.stop();
});

/** A contract whose liability clause needs legal review, its task held by lee (handed over from lena if the rota chose her). */
async function leesLegalTask(title: string): Promise<{ contractId: string; title: string; task: TaskRow }> {
  const contract = await submitLegalContract(b.stack.baseUrl!, title);
  const task = await openTask(b.stack.db, contract.id, 'legal_review');
  if (task.assignee_id !== LEE) {
    const res = await api('POST', `/api/tasks/${task.id}/delegate`, { token: `dev-${usernameOf(task.assignee_id)}`, body: { toUserId: LEE } });
    expect(res.status).toBe(200);
    await waitFor(async () => (await taskState(task.id)).assignee_id === LEE, `task ${task.id} handed to lee`);
  }
  return { contractId: contract.id, title: contract.title, task };
}

async function taskState(taskId: string): Promise<{ status: string; assignee_id: string; decision: string | null; decided_at: Date | null }> {
  const [row] = await b.stack.db.query(`SELECT status, assignee_id, decision, decided_at FROM tasks WHERE id = $1`, [taskId]);
  return row;
}

async function decideByApi(taskId: string, decision: string, comment?: string): Promise<void> {
  const res = await api('POST', `/api/tasks/${taskId}/decision`, { token: 'dev-lee', body: { decision, comment } });
  expect(res.status).toBe(200);
  await waitFor(async () => (await taskState(taskId)).status === 'decided', `task ${taskId} decided`);
}

/** "14:02" as the organisation's clock showed it (the page says "at 14:02" for today). */
function orgClock(at: Date): string {
  return new Intl.DateTimeFormat('en', { timeStyle: 'short', timeZone: ORG_ZONE, hourCycle: 'h23' }).format(at);
}

const normalise = (s: string | null) => (s ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').trim();

async function inboxOrder(page: Page, ids: string[]): Promise<string[]> {
  const shown = await page.locator('tr[data-task-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task-id') ?? ''));
  return shown.filter((id) => ids.includes(id));
}

test('the inbox lists my tasks soonest due first, with the due time in the organisation zone; bulk approve reports each task', async () => {
  const [a, bTask, c] = await Promise.all([leesLegalTask('Inbox A'), leesLegalTask('Inbox B'), leesLegalTask('Inbox C')]);
  // Ops move the deadlines so that the order differs from the order of creation: C, A, B.
  const now = Date.now();
  const due = { [c.task.id]: new Date(now + 30 * HOUR), [a.task.id]: new Date(now + 50 * HOUR), [bTask.task.id]: new Date(now + 70 * HOUR) };
  for (const [taskId, at] of Object.entries(due)) {
    const res = await api('POST', `/api/tasks/${taskId}/deadline`, { token: 'dev-olivia', body: { dueAt: at.toISOString(), reason: 'Inbox order test' } });
    expect(res.status).toBe(200);
  }

  const lee = await b.openAs('lee');
  await lee.page.goto('/inbox');
  await lee.page.getByRole('heading', { name: 'Inbox' }).waitFor();
  await lee.page.locator(`tr[data-task-id="${a.task.id}"]`).waitFor();
  const ids = [a.task.id, bTask.task.id, c.task.id];
  expect(await inboxOrder(lee.page, ids)).toEqual([c.task.id, a.task.id, bTask.task.id]);

  // The due time as the organisation's clock reads it (the browser runs in Europe/London), and a colour in words.
  const rowC = lee.page.locator(`tr[data-task-id="${c.task.id}"]`);
  expect(await rowC.locator('time').getAttribute('datetime')).toBe(due[c.task.id].toISOString());
  const expected = new Intl.DateTimeFormat('en', { timeZone: ORG_ZONE, dateStyle: 'medium', timeStyle: 'short' }).format(due[c.task.id]);
  expect(normalise(await rowC.locator('time').textContent())).toBe(normalise(expected));
  expect(await rowC.locator('.rag').textContent()).toBe('On track');
  await screenshot(lee, 'inbox');
  await expectAccessible(lee.page, '/inbox (en)');

  // Select A and B; B is approved elsewhere (the e-mail, another tab) before the bulk action runs.
  await lee.page.getByRole('checkbox', { name: a.title, exact: true }).check();
  await lee.page.getByRole('checkbox', { name: bTask.title, exact: true }).check();
  await decideByApi(bTask.task.id, 'approve');
  const decidedAt = (await taskState(bTask.task.id)).decided_at!;
  await lee.page.getByRole('button', { name: 'Approve selected (2)' }).click();
  const outcome = lee.page.locator('.bulk-outcome li');
  await outcome.nth(1).waitFor();
  const lines = (await outcome.allTextContents()).map(normalise);
  expect(lines).toEqual([`${a.title}: Approved`, `${bTask.title}: Lee Huang already approved this at ${orgClock(decidedAt)}.`]);
  expect(await outcome.nth(0).getAttribute('data-outcome')).toBe('approved');
  expect(await outcome.nth(1).getAttribute('data-outcome')).toBe('refused');
  await waitFor(async () => (await taskState(a.task.id)).decision === 'approve', 'A approved through the bulk action');
  // The inbox re-reads: A and B are gone, C stays.
  await waitFor(async () => (await inboxOrder(lee.page, ids)).join() === c.task.id, 'the inbox to show only C');
  await screenshot(lee, 'inbox-bulk-outcome');
});

test('the task page asks for the comment a request for changes needs before the API does, then sends it', async () => {
  const t = await leesLegalTask('Task page');
  const lee = await b.openAs('lee');
  await lee.page.goto(`/tasks/${t.task.id}`);
  await lee.page.getByRole('heading', { level: 1 }).filter({ hasText: t.title }).waitFor();
  // Why a person: the rule's reason; the liability clause side by side, the inserted words marked.
  expect(await lee.page.getByTestId('why-reason').textContent()).toMatch(/clause deviation/);
  await lee.page.getByTestId('actual-liability').waitFor();
  expect(normalise(await lee.page.getByTestId('actual-liability').locator('ins').allTextContents().then((x) => x.join(' ')))).toContain('unlimited liability');

  await lee.page.getByRole('button', { name: 'Request changes', exact: true }).click();
  expect(await lee.page.locator('#decision-comment-error').textContent()).toContain('Write a comment');
  expect(await lee.page.evaluate('document.activeElement && document.activeElement.id')).toBe('decision-comment');
  // Nothing was sent: the task is still open.
  expect((await taskState(t.task.id)).status).toBe('open');

  await lee.page.getByLabel('Comment').fill('Please restore the standard liability cap.');
  await lee.page.getByRole('button', { name: 'Request changes', exact: true }).click();
  await lee.page.getByTestId('decision-result').waitFor();
  expect(await lee.page.getByTestId('decision-result').textContent()).toBe('You sent the contract back to the rep for changes.');
  await waitFor(async () => {
    const res = await api('GET', `/api/contracts/${t.contractId}`, { token: 'dev-olivia' });
    return res.body.status === 'changes_requested';
  }, 'the contract to go back to the rep');
  const row = await taskState(t.task.id);
  expect(row.decision).toBe('request_changes');
});

test('a refusal reads as a sentence: who already decided, and when', async () => {
  const t = await leesLegalTask('Conflict');
  const lee = await b.openAs('lee');
  await lee.page.goto(`/tasks/${t.task.id}`);
  await lee.page.getByRole('button', { name: 'Reject', exact: true }).waitFor();
  // Decided in another tab (or by the e-mail link) while this page was open.
  await decideByApi(t.task.id, 'approve');
  const decidedAt = (await taskState(t.task.id)).decided_at!;
  await lee.page.getByLabel('Comment').fill('Too risky.');
  await lee.page.getByRole('button', { name: 'Reject', exact: true }).click();
  const alert = lee.page.getByTestId('decision-result');
  await alert.waitFor();
  expect(await alert.getAttribute('role')).toBe('alert');
  expect(normalise(await alert.textContent())).toBe(`Lee Huang already approved this at ${orgClock(decidedAt)}.`);
  // The task was not changed by the refused request.
  expect((await taskState(t.task.id)).decision).toBe('approve');
  await screenshot(lee, 'task-refused');
});

test('the task page hands the task to a colleague holding the same role', async () => {
  const t = await leesLegalTask('Delegate');
  const lee = await b.openAs('lee');
  await lee.page.goto(`/tasks/${t.task.id}`);
  // The contract's lines are part of the summary.
  await lee.page.getByRole('table', { name: 'Lines' }).getByText('GL-LIC-STD').waitFor();
  await lee.page.getByLabel('Colleague', { exact: true }).selectOption({ label: 'Lena Fischer' });
  await lee.page.getByLabel('Note for your colleague (optional)').fill('I am in court today.');
  await lee.page.getByRole('button', { name: 'Delegate', exact: true }).click();
  // The outcome, success or refusal (a refusal fails here with its sentence, not a timeout), stays
  // on the page once the task is lena's and lee's hand-over form is gone.
  const outcome = lee.page.getByTestId('delegate-result');
  await outcome.waitFor();
  expect(normalise(await outcome.textContent())).toBe('Handed to Lena Fischer.');
  await waitFor(async () => (await taskState(t.task.id)).assignee_id === userId('lena'), 'the task to be handed to lena');
  // The page shows the task as lena's now: lee's hand-over form is gone, the outcome stays.
  await lee.page.locator('#delegate-to').waitFor({ state: 'detached' });
  expect(normalise(await outcome.textContent())).toBe('Handed to Lena Fischer.');
  // Lena finds it in her inbox.
  const lena = await b.openAs('lena');
  await lena.page.goto('/inbox');
  await lena.page.locator(`tr[data-task-id="${t.task.id}"]`).waitFor();
});

test('out of office: the dates are read in the organisation zone and the delegate is saved; an end before the start is refused on the page', async () => {
  const lee = await b.openAs('lee');
  await lee.page.goto('/inbox');
  await lee.page.getByRole('heading', { name: 'Out of office' }).waitFor();
  // Far ahead, so that other tests' tasks for lee are not routed to the delegate.
  const day = new Date(Date.now() + 60 * 24 * HOUR).toISOString().slice(0, 10);
  const next = new Date(Date.now() + 61 * 24 * HOUR).toISOString().slice(0, 10);
  await lee.page.getByLabel('Away from').fill(`${next}T09:00`);
  await lee.page.getByLabel('Back on').fill(`${day}T18:00`);
  await lee.page.getByRole('button', { name: 'Save out of office' }).click();
  expect(await lee.page.locator('#ooo-to-error').textContent()).toBe('The end must be after the start.');

  await lee.page.getByLabel('Away from').fill(`${day}T09:00`);
  await lee.page.getByLabel('Back on').fill(`${next}T18:00`);
  await lee.page.getByLabel('Delegate').selectOption({ label: 'Lena Fischer' });
  await lee.page.getByRole('button', { name: 'Save out of office' }).click();
  await lee.page.locator('.out-of-office [role=status]').waitFor();
  const me = (await api('GET', '/api/users/me', { token: 'dev-lee' })).body;
  // 09:00 in Asia/Shanghai (UTC+8) is 01:00 UTC.
  expect(new Date(me.outOfOffice.from).toISOString()).toBe(`${day}T01:00:00.000Z`);
  expect(new Date(me.outOfOffice.to).toISOString()).toBe(`${next}T10:00:00.000Z`);
  expect(me.outOfOffice.delegateUserId).toBe(userId('lena'));
  expect(await lee.page.locator('.out-of-office p.hint').first().textContent()).toContain('Lena Fischer');
  await screenshot(lee, 'out-of-office');
});

test('the inbox and the task page pass axe-core in both languages, and the task page works at 375 px', async () => {
  const t = await leesLegalTask('Accessible');
  for (const language of ['en', 'zh-CN'] as const) {
    const lee = await b.openAs('lee', { language });
    await lee.page.goto('/inbox');
    await lee.page.locator(`tr[data-task-id="${t.task.id}"]`).waitFor();
    await screenshot(lee, 'inbox');
    await expectAccessible(lee.page, `/inbox (${language})`);
    await lee.page.goto(`/tasks/${t.task.id}`);
    await lee.page.getByTestId('actual-liability').waitFor();
    await screenshot(lee, 'task');
    await expectAccessible(lee.page, `/tasks/:id (${language})`);
  }
  const zh = await b.openAs('lee', { language: 'zh-CN' });
  await zh.page.goto(`/tasks/${t.task.id}`);
  // The decision buttons in Chinese.
  for (const label of ['批准', '拒绝', '要求修改']) await zh.page.getByRole('button', { name: label, exact: true }).waitFor();

  const phone = await b.openAs('lee', { width: 375 });
  await phone.page.goto(`/tasks/${t.task.id}`);
  await phone.page.getByTestId('actual-liability').waitFor();
  const overflow = (await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
  expect(overflow).toBeLessThanOrEqual(0);
  for (const label of ['Approve', 'Reject', 'Request changes']) expect(await phone.page.getByRole('button', { name: label, exact: true }).isVisible()).toBe(true);
  await screenshot(phone, 'task-375px');
  await expectAccessible(phone.page, '/tasks/:id at 375 px');
});
