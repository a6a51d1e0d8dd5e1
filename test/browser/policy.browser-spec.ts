// The Policy page in real Chromium against the real stack, on its own database (activating a
// version changes the policy every later contract takes): paula, a policy admin, makes a draft
// from the version in force, sets an out-of-range pricing threshold and sees the API's error next
// to that input (nothing stored), fixes it, sees the diff and activates the draft after a
// confirmation showing the same diff; the API then has the new version in force. A rep has no
// Policy item in the navigation and typing the address shows "not allowed". A draft scheduled
// from 09:00 on a day is read in the organisation's zone (01:00 UTC). axe-core on the pages in
// both languages and at 375 px.
import type { Locator } from 'playwright-core';
import { aContract, licences } from '../factories/contract.factory';
import { openTaskFor, settled, submit } from '../support/contracts';
import { http } from '../support/stack';
import { expectAccessible } from './support/axe';
import { type BrowserStack, screenshot, startBrowserStack } from './support/browser';

jest.setTimeout(300_000);

let b: BrowserStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  b = await startBrowserStack({ freshDatabase: 'policy_web' });
  api = http(b.stack.baseUrl!);
});
afterAll(async () => {
  await b?.stop();
});

const text = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
/** A table row's cells, as read: 'a | b | c'. */
const cells = async (row: Locator) => (await row.locator('td').allTextContents()).map(text).join(' | ');

test('paula drafts a policy from the version in force, sees the field error, fixes it, sees the diff and activates it', async () => {
  const versions = async () => (await api('GET', '/api/policy/versions', { token: 'dev-paula' })).body as { version: string; status: string }[];
  const before = await versions();
  const inForce = before.find((v) => v.status === 'in_force')!;
  expect(inForce).toBeDefined();
  // History for the what-if: an 11% discount, over the 10% limit, so the deal desk is asked.
  const elevenId = await submit(api, aContract({ title: 'Policy page 11%', ...licences(20, 8_900) }));
  const waitingForPricing = settled(api, elevenId, b.stack).then((c) => openTaskFor(c, 'pricing_review'));

  const paula = await b.openAs('paula', { language: 'en' });
  const page = paula.page;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policy' }).click();
  await page.getByRole('heading', { name: 'Policy', level: 1 }).waitFor();
  const inForceRow = page.locator(`tr[data-version="${inForce.version}"]`);
  await inForceRow.waitFor();
  expect(await inForceRow.getAttribute('data-status')).toBe('in_force');
  expect(text(await inForceRow.textContent())).toContain('In force');
  await expectAccessible(page, '/policy (en)');

  await inForceRow.getByRole('button', { name: 'New draft from this version' }).click();
  await page.waitForURL(/\/policy\/drafts\/[0-9a-f-]{36}$/);
  const draftId = page.url().split('/').pop()!;
  await page.getByRole('heading', { name: 'Edit the draft' }).waitFor();
  // An unchanged draft changes nothing.
  await page.getByTestId('policy-diff-empty').waitFor();

  const pricing = page.locator('fieldset[data-step="pricing_review"]');
  const limit = pricing.getByLabel('Maximum discount (%)');
  expect(await limit.inputValue()).toBe('10');

  // A client-side check needs no round trip: an SLA that is not a number.
  const sla = page.locator('fieldset[data-step="legal_review"]').getByLabel('SLA (business hours)');
  const slaBefore = await sla.inputValue();
  await sla.fill('soon');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.locator('fieldset[data-step="legal_review"] .field-error').getByText('Enter a number.').waitFor();
  await sla.fill(slaBefore);

  // Out of range: the API answers 400 naming steps[i].params.maxDiscountPercent; the page shows it at the input.
  await limit.fill('150');
  await page.getByLabel('Description', { exact: true }).fill('Pricing limit 12%');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByTestId('save-error').waitFor();
  const limitError = pricing.locator('.field.has-error .field-error');
  expect(text(await limitError.textContent())).toBe('Must be at least 0 and at most 100');
  expect(await limit.getAttribute('aria-invalid')).toBe('true');
  // ... tied to that input for screen readers, and no other step shows an error.
  const describedBy = (await limit.getAttribute('aria-describedby')) ?? '';
  expect(describedBy.split(' ')).toContain(await limitError.getAttribute('id'));
  expect(await page.locator('.field-error').count()).toBe(1);
  await screenshot(paula, 'policy-draft-error');
  await expectAccessible(page, '/policy/drafts/:id with a field error (en)');
  // Nothing was stored.
  const stored = (await api('GET', `/api/policy/drafts/${draftId}`, { token: 'dev-paula' })).body;
  expect(stored.policy.steps.find((s: { key: string }) => s.key === 'pricing_review').params.maxDiscountPercent).toBe(10);

  await limit.fill('12');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('status').getByText('Draft saved.').waitFor();
  expect(await page.locator('.field-error').count()).toBe(0);
  const changeRow = page.locator('section[aria-labelledby="changes-heading"] tr[data-path="steps.pricing_review.params.maxDiscountPercent"]');
  await changeRow.waitFor();
  expect(await cells(changeRow)).toBe('Pricing review | Maximum discount (%) | 10 | 12');
  expect(await page.locator('section[aria-labelledby="changes-heading"] tr[data-path="description"]').count()).toBe(1);

  // What-if over the last 30 days (the default window): under 12% the 11% contract's pricing
  // review needs no person; the page shows what the API answers for the same draft and window.
  await waitingForPricing;
  const whatIf = page.locator('section[aria-labelledby="whatif-heading"]');
  const fromDate = await whatIf.getByLabel('Submitted from').inputValue();
  const toDate = await whatIf.getByLabel('Submitted until').inputValue();
  await whatIf.getByRole('button', { name: 'Run what-if' }).click();
  const changed = whatIf.locator(`table[data-table="whatif-changes"] tr[data-contract-id="${elevenId}"]`);
  await changed.waitFor();
  expect(await cells(changed)).toMatch(/^Policy page 11% \| Pricing review \| Person: Deal desk \| Automatic \| .+/);
  // paula (policy admin only) may not open contracts: the title is not a link for her.
  expect(await changed.getByRole('link').count()).toBe(0);
  const dayAfter = new Date(Date.parse(`${toDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const answer = (
    await api('POST', '/api/policy/what-if', { token: 'dev-paula', body: { draftId, from: `${fromDate}T00:00:00+08:00`, to: `${dayAfter}T00:00:00+08:00` } })
  ).body;
  expect(text(await whatIf.getByRole('status').textContent())).toContain(`${answer.contracts} contract${answer.contracts === 1 ? '' : 's'} evaluated, ${answer.contractsChanged} would change`);
  // The running contract's steps not reached yet count as its own policy will decide them, and the page says so.
  expect(answer.expectedDecisions).toBeGreaterThanOrEqual(1);
  await whatIf.getByText(new RegExp(`^${answer.expectedDecisions} compared decisions? (is a running contract's step|are running contracts' steps) not reached yet`)).waitFor();
  const pricingFigures = answer.steps.find((x: { stepKey: string }) => x.stepKey === 'pricing_review');
  expect(pricingFigures.humanToAutomatic).toBeGreaterThanOrEqual(1);
  const pricingRow = whatIf.locator('table[data-table="whatif-steps"] tr[data-step="pricing_review"] td');
  expect(await pricingRow.nth(3).textContent()).toBe(String(pricingFigures.automaticToHuman));
  expect(await pricingRow.nth(4).textContent()).toBe(String(pricingFigures.humanToAutomatic));
  const dealDesk = answer.humanTasksByRole.find((r: { role: string }) => r.role === 'deal_desk');
  expect(await cells(whatIf.locator('table[data-table="whatif-roles"] tr[data-role="deal_desk"]'))).toBe(`Deal desk | ${dealDesk.before} | ${dealDesk.after}`);
  expect(dealDesk.after).toBeLessThan(dealDesk.before);
  await screenshot(paula, 'policy-what-if');
  await expectAccessible(page, '/policy/drafts/:id what-if (en)');
  // Ops read drafts and may open any contract: for olivia the changed contract links to its page.
  const olivia = await b.openAs('olivia');
  await olivia.page.goto(`/policy/drafts/${draftId}`);
  const oliviaWhatIf = olivia.page.locator('section[aria-labelledby="whatif-heading"]');
  await oliviaWhatIf.getByRole('button', { name: 'Run what-if' }).click();
  const link = oliviaWhatIf.locator(`tr[data-contract-id="${elevenId}"]`).getByRole('link', { name: 'Policy page 11%' });
  expect(await link.getAttribute('href')).toBe(`/contracts/${elevenId}`);
  await link.click();
  await olivia.page.getByRole('heading', { name: 'Policy page 11%' }).waitFor();

  await page.getByRole('button', { name: 'Review and activate' }).click();
  const confirm = page.getByTestId('activate-confirm');
  await confirm.getByRole('heading', { name: /Activate now\?/ }).waitFor();
  expect(await cells(confirm.locator('tr[data-path="steps.pricing_review.params.maxDiscountPercent"]'))).toBe('Pricing review | Maximum discount (%) | 10 | 12');
  await screenshot(paula, 'policy-activate-confirm');
  await expectAccessible(page, '/policy/drafts/:id confirmation (en)');
  await confirm.getByRole('button', { name: 'Confirm activation' }).click();
  const done = page.getByTestId('activated');
  await done.waitFor();

  const after = await versions();
  const active = after.find((v) => v.status === 'in_force')!;
  expect(active.version).not.toBe(inForce.version);
  expect(after.map((v) => v.version).sort()).toEqual([...before.map((v) => v.version), active.version].sort());
  expect(text(await done.textContent())).toBe(`Version ${active.version} is in force.`);
  const activeView = (await api('GET', `/api/policy/versions/${active.version}`, { token: 'dev-paula' })).body;
  expect(activeView.policy.steps.find((s: { key: string }) => s.key === 'pricing_review').params.maxDiscountPercent).toBe(12);
  expect(activeView.description).toBe('Pricing limit 12%');

  // The new version's page shows the threshold; the list shows it in force and the old one superseded.
  await page.getByRole('link', { name: `Open version ${active.version}` }).click();
  await page.locator('tr[data-step="pricing_review"] dd[data-param="maxDiscountPercent"]').getByText('12', { exact: true }).waitFor();
  // Its address opens by itself too (a reload), although version names hold dots.
  await page.goto(`/policy/version?v=${encodeURIComponent(inForce.version)}`);
  await page.getByRole('heading', { name: `Policy version ${inForce.version}` }).waitFor();
  await page.locator('tr[data-step="pricing_review"] dd[data-param="maxDiscountPercent"]').getByText('10', { exact: true }).waitFor();
  await expectAccessible(page, '/policy/version (en)');
  await page.goto('/policy');
  await page.locator(`tr[data-version="${active.version}"][data-status="in_force"]`).waitFor();
  await page.locator(`tr[data-version="${inForce.version}"][data-status="superseded"]`).waitFor();
  // The diff between the two versions, from the API, reads the same.
  await page.getByLabel('From version').selectOption(inForce.version);
  await page.getByLabel('To version').selectOption(active.version);
  await page.getByRole('button', { name: 'Show changes' }).click();
  const apiRow = page.locator('table[data-table="policy-diff"] tr[data-path="steps.pricing_review.params.maxDiscountPercent"]');
  await apiRow.waitFor();
  expect(await cells(apiRow)).toBe('Pricing review | Maximum discount (%) | 10 | 12');
});

test('a rep has no Policy item in the navigation and is not allowed on the page', async () => {
  const rep = await b.openAs('alice');
  const nav = rep.page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'My contracts' }).waitFor();
  expect(await nav.getByRole('link', { name: 'Policy' }).count()).toBe(0);
  await rep.page.goto('/policy');
  await rep.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
  expect(await rep.page.locator('table[data-table="policy-versions"]').count()).toBe(0);
  await expectAccessible(rep.page, '/policy as a rep (en)');
});

test('in Chinese and at 375 px the pages are accessible, and a draft scheduled from a moment in the organisation zone takes force then', async () => {
  const zh = await b.openAs('paula', { language: 'zh-CN' });
  await zh.page.getByRole('navigation').getByRole('link', { name: '审批策略' }).click();
  await zh.page.getByRole('heading', { name: '审批策略', level: 1 }).waitFor();
  const inForce = zh.page.locator('tr[data-status="in_force"]');
  await inForce.getByText('生效中').waitFor();
  await expectAccessible(zh.page, '/policy (zh-CN)');
  await inForce.getByRole('button', { name: '基于此版本新建草稿' }).click();
  await zh.page.getByRole('heading', { name: '编辑草稿' }).waitFor();
  const limit = zh.page.locator('fieldset[data-step="pricing_review"]').getByLabel('最高折扣（%）');
  await limit.fill('-1');
  await zh.page.getByRole('button', { name: '保存草稿' }).click();
  await zh.page.getByTestId('save-error').getByText('草稿未保存。请更正下方标出的字段。').waitFor();
  expect(await limit.getAttribute('aria-invalid')).toBe('true');
  // The API's rule in Chinese, its bounds read from the API's message.
  expect(text(await zh.page.locator('fieldset[data-step="pricing_review"] .field-error').textContent())).toBe('须不小于 0 且不大于 100');
  await screenshot(zh, 'policy-draft-error');
  await expectAccessible(zh.page, '/policy/drafts/:id (zh-CN)');
  const draftPath = new URL(zh.page.url()).pathname;

  const phone = await b.openAs('paula', { language: 'en', width: 375 });
  for (const path of ['/policy', draftPath]) {
    await phone.page.goto(path);
    await phone.page.getByRole('heading', { level: 1 }).waitFor();
    await phone.page.locator('table[data-table="policy-versions"], fieldset[data-step]').first().waitFor();
    const overflow = (await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(phone.page, `${path} at 375 px`);
  }
  await screenshot(phone, 'policy-draft-375px');

  // Scheduled activation: the moment is read in the organisation's zone (Asia/Shanghai, UTC+8),
  // whatever the browser's zone (the harness runs Chromium in Europe/London).
  await zh.page.getByRole('radio', { name: '从指定日期起' }).check();
  await zh.page.getByLabel(/起始时间（时区 Asia\/Shanghai）/).fill('2027-01-04T09:00');
  await expectAccessible(zh.page, '/policy/drafts/:id activation (zh-CN)');
  await zh.page.getByRole('button', { name: '检查并启用' }).click();
  const confirm = zh.page.getByTestId('activate-confirm');
  await confirm.getByRole('heading', { name: /^从 .+ 起启用？/ }).waitFor();
  await confirm.getByRole('button', { name: '确认启用' }).click();
  const done = zh.page.getByTestId('activated');
  await done.waitFor();
  const versions = (await api('GET', '/api/policy/versions', { token: 'dev-paula' })).body as { version: string; status: string; activeFrom: string }[];
  const scheduled = versions.filter((v) => v.status === 'scheduled');
  expect(scheduled).toHaveLength(1);
  expect(scheduled[0].activeFrom).toBe('2027-01-04T01:00:00.000Z');
  expect(text(await done.textContent())).toContain(`版本 ${scheduled[0].version} 已排期`);
  await zh.page.goto('/policy');
  await zh.page.locator(`tr[data-version="${scheduled[0].version}"][data-status="scheduled"]`).getByText('已排期').waitFor();
});
