// "Read from document" on the new-contract page, in real Chromium: the rep picks a customer's
// DOCX (written by tools/documents), the form opens filled with its fields, lines and clauses, the
// one field read with low confidence is marked with the reader's warning and announced in the
// status region, and the rep submits it as usual; in Chinese, a Chinese PDF likewise, the note in
// Chinese, its Chinese standard clause not marked edited (compared with the library's Chinese text).
// A refused file is announced, naming why.
import { aContract, CUSTOMERS, dateAfter } from '../factories/contract.factory';
import { writeContractDocx, writeContractPdf } from '../../tools/documents/contract-document-writer';
import { expectAccessible } from './support/axe';
import { type BrowserStack, screenshot, startBrowserStack } from './support/browser';

jest.setTimeout(300_000);

let b: BrowserStack;
beforeAll(async () => {
  b = await startBrowserStack({ freshDatabase: 'gl_intake' });
});
afterAll(async () => {
  await b?.stop();
});

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

test('a DOCX fills the form, the doubtful field is marked, and the rep submits it', async () => {
  const c = CUSTOMERS.good;
  const draft = aContract({
    title: `From a document ${Date.now()}`,
    customer: { name: c.name, registrationNumber: c.registrationNumber, country: c.country },
    paymentTermsDays: 45,
    requestedDeliveryDate: dateAfter(120),
    // The document states 200,000 while its lines add up to 190,000: intake keeps the lines and doubts the amount.
    amount: 200_000,
  });
  const docx = await writeContractDocx(draft, { lang: 'en', layoutSeed: 4 });

  const alice = await b.openAs('alice');
  const page = alice.page;
  await page.goto('/contracts/new');
  await page.locator('.preview:not([data-state=loading])').waitFor();
  await page.getByLabel("Customer's contract (.docx or .pdf)").setInputFiles({ name: 'harbour.docx', mimeType: DOCX_TYPE, buffer: docx });

  const status = page.getByRole('status').filter({ hasText: 'harbour.docx' });
  await status.filter({ hasText: 'Read harbour.docx' }).waitFor();
  expect(await status.textContent()).toContain('1 field needs checking');

  expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(draft.title);
  expect(await page.getByLabel('Customer name', { exact: true }).inputValue()).toBe(c.name);
  expect(await page.getByLabel('Registration number', { exact: true }).inputValue()).toBe(c.registrationNumber);
  expect(await page.getByLabel('Country', { exact: true }).inputValue()).toBe('CN');
  expect(await page.getByLabel('Currency', { exact: true }).inputValue()).toBe('CNY');
  expect(await page.getByLabel('Payment terms (days)', { exact: true }).inputValue()).toBe('45');
  expect(await page.getByLabel('Requested delivery date', { exact: true }).inputValue()).toBe(draft.requestedDeliveryDate);
  expect(await page.getByLabel('Quantity', { exact: true }).first().inputValue()).toBe('20');
  expect(await page.getByLabel('Unit price', { exact: true }).first().inputValue()).toBe('9500');
  expect(await page.locator('textarea[name="clauses.liability"]').inputValue()).toBe(draft.clauses.find((x) => x.key === 'liability')!.text);
  expect(await page.locator('textarea[name^="clauses."]').count()).toBe(draft.clauses.length);

  // Only the amount is doubted: its note carries the reader's warning; confident fields carry none.
  const notes = page.locator('.check-note');
  expect(await notes.count()).toBe(1);
  expect(await notes.first().textContent()).toContain('does not equal');
  expect(await page.locator('.needs-check').count()).toBe(0);

  await screenshot(alice, 'new-contract-from-document');
  await expectAccessible(page, '/contracts/new prefilled from a document');

  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await page.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: draft.title }).waitFor();
});

test('in Chinese: a Chinese PDF fills the form, and the note on the doubted field says why in Chinese', async () => {
  const c = CUSTOMERS.good;
  const draft = aContract({
    title: `来自文件的合同 ${Date.now()}`,
    customer: { name: '上海港湾物流有限公司', registrationNumber: c.registrationNumber, country: 'CN' },
    requestedDeliveryDate: dateAfter(120),
    amount: 200_000,
    clauses: [{ key: 'governing_law', text: '本协议受中华人民共和国法律管辖。' }],
  });
  const pdf = await writeContractPdf(draft, { lang: 'zh-CN', layoutSeed: 2 });
  const user = await b.openAs('alice', { language: 'zh-CN' });
  const page = user.page;
  await page.goto('/contracts/new');
  await page.getByLabel('客户合同（.docx 或 .pdf）').setInputFiles({ name: '合同.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('status').filter({ hasText: '已读取 合同.pdf' }).waitFor();
  expect(await page.locator('input[name="title"]').inputValue()).toBe(draft.title);
  expect(await page.locator('input[name="customer.name"]').inputValue()).toBe('上海港湾物流有限公司');
  expect(await page.locator('textarea[name="clauses.governing_law"]').inputValue()).toBe('本协议受中华人民共和国法律管辖。');
  expect(await page.locator('.check-note').first().textContent()).toContain('与文件中的其他数据不一致');
  // The clause is the library's Chinese standard text: compared with it, not with the English one, it is not edited.
  const governingLaw = page.locator('.clause').filter({ has: page.locator('textarea[name="clauses.governing_law"]') });
  expect(await governingLaw.getAttribute('class')).toBe('clause');
  expect(await governingLaw.getByRole('button').count()).toBe(0);
  // Edited, it is marked, and the way back is the Chinese standard text.
  await page.locator('textarea[name="clauses.governing_law"]').fill('本协议受中华人民共和国香港特别行政区法律管辖。');
  await page.locator('.clause.edited').filter({ has: page.locator('textarea[name="clauses.governing_law"]') }).waitFor();
  await governingLaw.getByRole('button', { name: '使用中文标准文本' }).click();
  expect(await page.locator('textarea[name="clauses.governing_law"]').inputValue()).toBe('本协议受中华人民共和国法律管辖。');
  expect(await governingLaw.getAttribute('class')).toBe('clause');
  await screenshot(user, 'new-contract-from-document');
  await expectAccessible(page, '/contracts/new prefilled from a Chinese PDF');
});

test('a file that is not a contract document is announced with the reason, and the form stays as it was', async () => {
  const alice = await b.openAs('alice');
  const page = alice.page;
  await page.goto('/contracts/new');
  await page.locator('.preview:not([data-state=loading])').waitFor();
  await page.getByLabel('Title', { exact: true }).fill('Typed by hand');
  await page.getByLabel("Customer's contract (.docx or .pdf)").setInputFiles({ name: 'photo.pdf', mimeType: 'application/pdf', buffer: Buffer.from('\x89PNG\r\n\x1a\n not a pdf', 'latin1') });
  const status = page.getByRole('status').filter({ hasText: 'photo.pdf' });
  await status.filter({ hasText: 'Could not read photo.pdf' }).waitFor();
  expect(await status.textContent()).toMatch(/\.docx.*PDF/);
  expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Typed by hand');
});
