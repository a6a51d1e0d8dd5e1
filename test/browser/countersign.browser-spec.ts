// A countersigned legal review (会签, slim-2026.12.2: more than one material clause deviation) in
// real Chromium against the real stack: after lee approves, the contract page's legal review card
// says 1 of 2 approved with lee approved and lena waiting, in English and in Chinese ("会签 1/2
// 已同意"); lena's task page shows the same; axe-core finds nothing on the contract page.
import { aContract } from '../factories/contract.factory';
import { changedLiability, withClause } from '../factories/routing-table';
import { http } from '../support/stack';
import { waitFor } from '../support/wait';
import { userId } from '../../src/database/seed/demo-organisation';
import { expectAccessible } from './support/axe';
import { type BrowserStack, startBrowserStack } from './support/browser';

jest.setTimeout(240_000);

let b: BrowserStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  // Its own database: lee's and lena's legal tasks must not weigh on legal routing elsewhere.
  b = await startBrowserStack({ freshDatabase: 'gl_browser_countersign' });
  api = http(b.stack.baseUrl!);
});
afterAll(async () => {
  await b?.stop();
});

const contract = (id: string) => api('GET', `/api/contracts/${id}`, { token: 'dev-olivia' }).then((r) => r.body);
type Task = { id: string; stepKey: string; assignee: { id: string } };
const legalTaskOf = async (id: string, user: string) =>
  waitFor(async () => ((await contract(id)).openTasks as Task[]).find((t) => t.stepKey === 'legal_review' && t.assignee.id === user) ?? null, `legal task of ${user}`, 90_000, 300);

test('the legal review card and lena’s task page show each approver’s state, in English and Chinese', async () => {
  const clauses = withClause(changedLiability).filter((c) => c.key !== 'termination');
  const res = await api('POST', '/api/contracts', { token: 'dev-alice', body: aContract({ title: 'Browser countersign', clauses }) });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  const lee = await legalTaskOf(id, userId('lee'));
  const lena = await legalTaskOf(id, userId('lena'));
  expect((await api('POST', `/api/tasks/${lee.id}/decision`, { token: 'dev-lee', body: { decision: 'approve', comment: 'Cap rider agreed' } })).status).toBe(200);
  await waitFor(async () => ((await contract(id)).steps.find((s: { key: string }) => s.key === 'legal_review').approvers.approved === 1 ? true : null), 'lee’s approval', 60_000, 300);

  const olivia = await b.openAs('olivia');
  await olivia.page.goto(`/contracts/${id}`);
  const card = olivia.page.locator('[data-step="legal_review"]');
  await card.getByText('Countersign (all must approve): 1/2 approved').waitFor();
  await expect(card.locator(`[data-approver="${userId('lee')}"]`).textContent()).resolves.toMatch(/Lee Huang: approved .*Cap rider agreed/);
  await expect(card.locator(`[data-approver="${userId('lena')}"]`).textContent()).resolves.toBe('Lena Fischer: waiting');
  await expectAccessible(olivia.page, 'contract page with a countersigned step');

  const zh = await b.openAs('olivia', { language: 'zh-CN' });
  await zh.page.goto(`/contracts/${id}`);
  const zhCard = zh.page.locator('[data-step="legal_review"]');
  await zhCard.getByText('会签 1/2 已同意').waitFor();
  await expect(zhCard.locator(`[data-approver="${userId('lena')}"]`).textContent()).resolves.toBe('Lena Fischer: 待审批');

  const lenaPage = await b.openAs('lena');
  await lenaPage.page.goto(`/tasks/${lena.id}`);
  await lenaPage.page.getByText('Countersign (all must approve): 1/2 approved').waitFor();
});
