// The contract page's approver actions in real Chromium against the real stack: ops add lena after
// the waiting finance review (the added step shows right after it, with who added it and why), a
// reassignment to someone without the role is refused with the API's sentence, and the added
// step's task is reassigned from lena to lee; a rep sees neither action; the Chinese page names
// them in Chinese; axe-core finds nothing on the page with the forms.
import { aContract } from '../factories/contract.factory';
import { http } from '../support/stack';
import { waitFor } from '../support/wait';
import { userId } from '../../src/database/seed/demo-organisation';
import { expectAccessible } from './support/axe';
import { type BrowserStack, startBrowserStack } from './support/browser';

jest.setTimeout(240_000);

let b: BrowserStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  // Its own database: lena's and lee's added tasks must not weigh on legal routing elsewhere.
  b = await startBrowserStack({ freshDatabase: 'gl_browser_ad_hoc' });
  api = http(b.stack.baseUrl!);
});
afterAll(async () => {
  await b?.stop();
});

const contract = (id: string) => api('GET', `/api/contracts/${id}`, { token: 'dev-olivia' }).then((r) => r.body);
const openTask = async (id: string, stepKey: string) =>
  waitFor(async () => (await contract(id)).openTasks.find((t: { stepKey: string }) => t.stepKey === stepKey) ?? null, `open task ${stepKey}`, 90_000, 300);

test('ops add an approver after a waiting step and reassign the added task; a rep sees neither action', async () => {
  const res = await api('POST', '/api/contracts', { token: 'dev-alice', body: aContract({ title: 'Browser ad-hoc', paymentTermsDays: 90 }) });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  const finance = await openTask(id, 'finance_review');

  const olivia = await b.openAs('olivia');
  await olivia.page.goto(`/contracts/${id}`);
  const add = olivia.page.getByRole('form', { name: 'Add approver' });
  await add.getByLabel('Also ask').selectOption({ label: 'Lena Fischer' });
  await add.getByLabel('After step').selectOption('finance_review');
  await add.getByLabel('Reason').fill('The liability cap is unusual');
  await add.getByRole('button', { name: 'Add approver' }).click();
  const added = olivia.page.locator('[data-step="adhoc_1"]');
  await added.waitFor();
  await expect(added.textContent()).resolves.toContain('Olivia Wu');
  await expect(added.textContent()).resolves.toContain('The liability cap is unusual');
  // On the finance review's track, right after it.
  const track = olivia.page.locator('ol.track', { has: olivia.page.locator('[data-step="finance_review"]') });
  await expect(track.locator('li.step').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).resolves.toEqual(
    expect.arrayContaining(['finance_review', 'adhoc_1']),
  );
  const order = await track.locator('li.step').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
  expect(order.indexOf('adhoc_1')).toBe(order.indexOf('finance_review') + 1);

  // Frank holds no finance_controller role: the API's sentence is shown, nothing moves.
  const financeForm = olivia.page.getByRole('form', { name: /Reassign: /, includeHidden: false }).first();
  await financeForm.getByLabel('Reassign to').selectOption({ label: 'Frank Zhao' });
  await financeForm.getByLabel('Reason').fill('away');
  await financeForm.getByRole('button', { name: 'Reassign' }).click();
  await olivia.page.getByRole('alert').filter({ hasText: 'toUserId' }).waitFor();
  expect((await openTask(id, 'finance_review')).assignee.id).toBe(userId('fiona'));
  await expectAccessible(olivia.page, 'contract page with approver actions');

  // fiona approves; the added step's task goes to lena, and ops move it to lee.
  expect((await api('POST', `/api/tasks/${finance.id}/decision`, { token: 'dev-fiona', body: { decision: 'approve' } })).status).toBe(200);
  const lenaTask = await openTask(id, 'adhoc_1');
  expect(lenaTask.assignee.id).toBe(userId('lena'));
  await olivia.page.reload();
  const adHocForm = olivia.page.getByRole('form', { name: /Reassign: Additional approval/ });
  await adHocForm.getByLabel('Reassign to').selectOption({ label: 'Lee Huang' });
  await adHocForm.getByLabel('Reason').fill('Lena is on leave');
  await adHocForm.getByRole('button', { name: 'Reassign' }).click();
  await olivia.page.getByText('Now with Lee Huang').waitFor();
  expect((await openTask(id, 'adhoc_1')).assignee.id).toBe(userId('lee'));

  const alice = await b.openAs('alice', { language: 'zh-CN' });
  await alice.page.goto(`/contracts/${id}`);
  await alice.page.locator('[data-step="adhoc_1"]').waitFor();
  expect(await alice.page.getByRole('form', { name: '加签' }).count()).toBe(0);
  const oliviaZh = await b.openAs('olivia', { language: 'zh-CN' });
  await oliviaZh.page.goto(`/contracts/${id}`);
  await oliviaZh.page.getByRole('form', { name: '加签' }).waitFor();
  await oliviaZh.page.getByRole('heading', { name: /^转办：/ }).first().waitFor();

  // Leave nothing open for the next test on this database.
  expect((await api('POST', `/api/tasks/${lenaTask.id}/decision`, { token: 'dev-lee', body: { decision: 'approve' } })).status).toBe(200);
  await waitFor(async () => ((await contract(id)).status === 'approved' ? true : null), 'contract approved', 90_000, 300);
});
