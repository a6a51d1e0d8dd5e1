// The ops pages in real Chromium against the real stack: the dashboard shows the report API's
// figures for the default period (the last 30 days) with contracts this test submitted counted in
// them, and downloads the same figures as CSV; all contracts filters by the current step and
// moves a waiting task's deadline (read in the organisation's zone), refusing a bad one with a
// sentence. axe-core on both pages in both languages and at 375 px.
import { readFileSync } from 'node:fs';
import { aContract } from '../factories/contract.factory';
import { http } from '../support/stack';
import { waitFor } from '../support/wait';
import { openTask, submitLegalContract } from '../task-links/support';
import { expectAccessible } from './support/axe';
import { type BrowserStack, screenshot, startBrowserStack } from './support/browser';

jest.setTimeout(240_000);

const DAY = 86_400_000;

let b: BrowserStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  // A database of this file's own: the dashboard's figures must not move with other files' contracts.
  b = await startBrowserStack({ freshDatabase: 'gl_ops_browser' });
  api = http(b.stack.baseUrl!);
});
afterAll(async () => {
  await b?.stop();
});

const normalise = (s: string | null) => (s ?? '').replace(/[\s\u202f\u00a0]+/g, ' ').trim();
const share = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(v));

async function submitAutomatic(title: string): Promise<string> {
  const res = await api('POST', '/api/contracts', { token: 'dev-bob', body: aContract({ title }) });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await waitFor(async () => (await api('GET', `/api/contracts/${id}`, { token: 'dev-olivia' })).body.status === 'approved', `${title} approved`, 90_000, 300);
  return id;
}

test('the dashboard shows the report API figures for the last 30 days, counting known contracts, and downloads them as CSV', async () => {
  await Promise.all([submitAutomatic('Dashboard one'), submitAutomatic('Dashboard two')]);
  const report = async () => (await api('GET', '/api/reports/dashboard', { token: 'dev-olivia' })).body;
  // The projection is written as contracts close: wait until both are counted.
  const before = await waitFor(async () => {
    const r = await report();
    return r.summary.approved >= 2 ? r : null;
  }, 'the dashboard report to count the approved contracts');

  const olivia = await b.openAs('olivia');
  await olivia.page.goto('/ops');
  await olivia.page.locator('[data-kpi="approved"]').waitFor();
  const kpi = async (key: string) => normalise(await olivia.page.locator(`[data-kpi="${key}"]`).textContent());
  const shown = { contracts: await kpi('contracts'), approved: await kpi('approved'), withinTarget: await kpi('withinTarget'), automatic: await kpi('automatic') };
  // Nothing else writes to this database, so the page shows exactly what the report API answers.
  expect(shown).toEqual({
    contracts: String(before.summary.contracts),
    approved: String(before.summary.approved),
    withinTarget: share(before.summary.withinTargetShare),
    automatic: share(before.summary.automaticShare),
  });
  expect(Number(shown.approved)).toBeGreaterThanOrEqual(2);
  // The histogram's table counts every approved contract once.
  const bucketCounts = await olivia.page.locator('table[data-table="histogram"] tbody tr td:nth-of-type(1)').allTextContents();
  expect(bucketCounts.reduce((n, c) => n + Number(c), 0)).toBe(Number(shown.approved));
  // The default period: the last 30 days, in the organisation's calendar.
  const to = await olivia.page.getByLabel('To', { exact: true }).inputValue();
  const from = await olivia.page.getByLabel('From', { exact: true }).inputValue();
  expect((Date.parse(to) - Date.parse(from)) / DAY).toBe(30);
  await screenshot(olivia, 'dashboard');
  await expectAccessible(olivia.page, '/ops (en)');

  const [download] = await Promise.all([olivia.page.waitForEvent('download'), olivia.page.getByRole('link', { name: 'Download CSV' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe('section,key,metric,value');
  const approvedRow = lines.find((l) => l.startsWith('summary,,approved,'));
  expect(Number(approvedRow?.split(',')[3])).toBe(Number(shown.approved));
  expect(lines.some((l) => l.startsWith('histogram,'))).toBe(true);
});

test('all contracts filters by the current step, and ops move a waiting task deadline in the organisation zone', async () => {
  const legal = await submitLegalContract(b.stack.baseUrl!, 'Deadline');
  const task = await openTask(b.stack.db, legal.id, 'legal_review');
  const olivia = await b.openAs('olivia');
  await olivia.page.goto('/ops/contracts');
  await olivia.page.getByRole('heading', { name: 'All contracts' }).waitFor();
  await olivia.page.getByLabel('Current step').selectOption('legal_review');
  await olivia.page.getByLabel('Status', { exact: true }).selectOption('in_review');
  await olivia.page.getByRole('button', { name: 'Apply filters' }).click();
  const row = olivia.page.locator(`tr[data-contract-id="${legal.id}"]`);
  // The filtered list replaces the unfiltered one (which also holds this contract): every row shown is at legal review.
  const stepCells = () => olivia.page.locator('tr[data-contract-id] td:nth-of-type(3)').allTextContents();
  await waitFor(async () => {
    const steps = await stepCells();
    return steps.length > 0 && steps.every((s) => s.includes('Legal review')) && (await row.count()) === 1;
  }, 'the list filtered to contracts at legal review');
  await olivia.page.getByText(/contracts? match/).waitFor();
  // Country (in the API): the customer is in CN; filtered for DE the row goes, for CN it comes back.
  await olivia.page.getByLabel('Customer country').fill('de');
  await olivia.page.getByRole('button', { name: 'Apply filters' }).click();
  await row.waitFor({ state: 'detached' });
  await olivia.page.getByLabel('Customer country').fill('CN');
  await olivia.page.getByRole('button', { name: 'Apply filters' }).click();
  await row.waitFor();
  // Rep (in the API): the contract names its rep; filtered for another rep it goes.
  await row.getByText(/^Rep: Alice/).waitFor();
  await olivia.page.getByLabel('Rep', { exact: true }).selectOption({ label: 'Bob Wang' });
  await olivia.page.getByRole('button', { name: 'Apply filters' }).click();
  await row.waitFor({ state: 'detached' });
  await olivia.page.getByLabel('Rep', { exact: true }).selectOption({ label: 'Any' });
  await olivia.page.getByRole('button', { name: 'Apply filters' }).click();
  await row.waitFor();
  await screenshot(olivia, 'all-contracts');
  await expectAccessible(olivia.page, '/ops/contracts (en)');

  await row.getByRole('button', { name: 'Change deadline' }).click();
  const form = olivia.page.locator(`#deadline-row-${legal.id}`);
  const due = form.getByLabel('New deadline');
  await due.waitFor();
  // Legal review and the sales manager wait side by side: the form offers both; this is legal's.
  await form.getByLabel('Waiting task').selectOption(task.id);
  // Refused on the page: no reason.
  const date = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
  await due.fill(`${date}T10:00`);
  await form.getByRole('button', { name: 'Save deadline' }).click();
  expect(await form.getByText('Say why the deadline moves.').count()).toBe(1);
  // Refused by the API: in the past. The refusal is a sentence, not a code.
  const past = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
  await due.fill(`${past}T10:00`);
  await form.getByLabel('Reason').fill('Customer asked for time');
  await form.getByRole('button', { name: 'Save deadline' }).click();
  const alert = form.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).not.toMatch(/DEADLINE_INVALID|VALIDATION_FAILED/);
  expect((await b.stack.db.query(`SELECT due_at FROM tasks WHERE id = $1`, [task.id]))[0].due_at.toISOString()).toBe(task.due_at.toISOString());

  await due.fill(`${date}T10:00`);
  await form.getByRole('button', { name: 'Save deadline' }).click();
  await form.getByRole('status').waitFor();
  expect(await form.getByRole('status').textContent()).toMatch(/^The deadline of Legal review is now /);
  // 10:00 in Asia/Shanghai is 02:00 UTC.
  await waitFor(
    async () => (await b.stack.db.query(`SELECT due_at FROM tasks WHERE id = $1`, [task.id]))[0].due_at.toISOString() === `${date}T02:00:00.000Z`,
    'the task deadline to move',
  );
  await screenshot(olivia, 'deadline-changed');
});

test('the ops pages pass axe-core in Chinese and at 375 px', async () => {
  const zh = await b.openAs('olivia', { language: 'zh-CN' });
  await zh.page.goto('/ops');
  await zh.page.getByRole('heading', { name: '运营看板' }).waitFor();
  await zh.page.locator('[data-kpi="contracts"]').waitFor();
  await screenshot(zh, 'dashboard');
  await expectAccessible(zh.page, '/ops (zh-CN)');
  await zh.page.goto('/ops/contracts');
  await zh.page.getByRole('heading', { name: '全部合同' }).waitFor();
  await zh.page.locator('tr[data-contract-id]').first().waitFor();
  await screenshot(zh, 'all-contracts');
  await expectAccessible(zh.page, '/ops/contracts (zh-CN)');

  const phone = await b.openAs('olivia', { width: 375 });
  await phone.page.goto('/ops');
  await phone.page.locator('[data-kpi="contracts"]').waitFor();
  const overflow = (await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(phone, 'dashboard-375px');
  await expectAccessible(phone.page, '/ops at 375 px');
});
