// The journey of issue #13, through the UI only, in real Chromium: alice fills the form with a
// changed liability clause, sees the preview say legal review needs a person, and submits; lee
// finds the task in his inbox and requests changes with a comment; alice revises from her
// contract page; lee approves (and sam, alice's manager, whom a non-standard clause also needs);
// olivia sees the contract in All contracts, its effect on the
// dashboard and in the CSV. Once in English (the form's stable English labels) and once with
// Chinese browsers (labels from the zh-CN catalogues). Every page visited is screenshotted and
// checked with axe-core. A private database keeps task routing (least-loaded legal counsel: lee
// before lena on a tie) and the dashboard's figures independent of other test files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { userId } from '../../src/database/seed/demo-organisation';
import { expectAccessible } from './support/axe';
import { type BrowserStack, type Language, type UserPage, screenshot, startBrowserStack, waitForText } from './support/browser';
import { waitFor } from '../support/wait';

/**
 * Reloads the contract page until the contract's own status reads `text`. Not any "Approved" on
 * the page: a step's card says so as soon as its person decides, while the chain (the document,
 * the order) still runs on, since the decision is answered before it does.
 */
async function waitForContractStatus(page: Page, text: string, what: string): Promise<void> {
  const status = page.getByTestId('contract-status');
  await waitFor(
    async () => {
      await page.reload();
      await page.waitForLoadState('networkidle');
      return (await status.count()) > 0 && (await status.textContent())?.trim() === text;
    },
    what,
    { timeoutMs: 120_000, intervalMs: 500 },
  );
}

jest.setTimeout(600_000);

type Catalogue = Record<string, unknown>;
function catalogue(language: Language, namespace: string): (key: string, vars?: Record<string, string>) => string {
  const data = JSON.parse(readFileSync(join(__dirname, '..', '..', 'web', 'src', 'i18n', language, `${namespace}.json`), 'utf8')) as Catalogue;
  return (key, vars = {}) => {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Catalogue | undefined)?.[part], data);
    if (typeof value !== 'string') throw new Error(`No ${language}/${namespace} message ${key}`);
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? '');
  };
}

/** What the rep form's fields are called: the stable English labels, or the zh-CN catalogue's. */
function formLabels(language: Language) {
  if (language === 'en') {
    return {
      title: 'Title',
      customerName: 'Customer name',
      registrationNumber: 'Registration number',
      country: 'Country',
      currency: 'Currency',
      paymentTermsDays: 'Payment terms (days)',
      requestedDeliveryDate: 'Requested delivery date',
      personalData: 'Personal data',
      sku: 'SKU',
      quantity: 'Quantity',
      unitPrice: 'Unit price',
      taxRate: 'Tax rate (%)',
      submit: 'Submit for approval',
    };
  }
  const t = catalogue(language, 'rep');
  return {
    title: t('form.title'),
    customerName: t('form.customerName'),
    registrationNumber: t('form.registrationNumber'),
    country: t('form.country'),
    currency: t('form.currency'),
    paymentTermsDays: t('form.paymentTermsDays'),
    requestedDeliveryDate: t('form.requestedDeliveryDate'),
    personalData: t('form.personalData'),
    sku: t('form.sku'),
    quantity: t('form.quantity'),
    unitPrice: t('form.unitPrice'),
    taxRate: t('form.taxRate'),
    submit: t('form.submit'),
  };
}

const LIABILITY = 'Limitation of liability';

async function visit(user: UserPage, name: string, check = true): Promise<void> {
  await user.page.waitForLoadState('networkidle');
  await screenshot(user, name);
  if (check) await expectAccessible(user.page, `${name} (${user.language})`);
}

async function decide(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.getByTestId('task-closed').waitFor();
}

let b: BrowserStack;
beforeAll(async () => {
  b = await startBrowserStack({ freshDatabase: 'gl_journey' });
});
afterAll(async () => {
  await b?.stop();
});

for (const language of ['en', 'zh-CN'] as const) {
  test(`the approval journey through the UI (${language})`, async () => {
    const L = formLabels(language);
    const rep = catalogue(language, 'rep');
    const approver = catalogue(language, 'approver');
    const common = catalogue(language, 'common');
    const title = `Harbour licences — journey ${language} ${Date.now()}`;

    // alice: the form, a changed liability clause, the preview, submit.
    const alice = await b.openAs('alice', { language });
    await alice.page.getByRole('navigation').getByRole('link', { name: common('nav.newContract') }).click();
    const form = alice.page.locator('form.contract-form');
    await form.waitFor();
    await alice.page.getByLabel(L.title, { exact: true }).fill(title);
    await alice.page.getByLabel(rep('form.customerSearch')).fill('Harbour');
    await alice.page.getByRole('button', { name: /Shanghai Harbour Logistics/ }).click();
    expect(await alice.page.getByLabel(L.customerName, { exact: true }).inputValue()).toBe('Shanghai Harbour Logistics Co., Ltd.');
    expect(await alice.page.getByLabel(L.registrationNumber, { exact: true }).inputValue()).toBe('91310000MA1FL0007C');
    expect(await alice.page.getByLabel(L.country, { exact: true }).inputValue()).toBe('CN');
    // The line is prefilled from the catalogue; every stable label is present.
    for (const label of [L.currency, L.paymentTermsDays, L.requestedDeliveryDate, L.personalData, L.sku, L.quantity, L.unitPrice, L.taxRate]) {
      expect(await alice.page.getByLabel(label, { exact: true }).count()).toBeGreaterThan(0);
    }
    expect(Number(await alice.page.getByLabel(L.unitPrice, { exact: true }).first().inputValue())).toBeGreaterThan(0);
    await alice.page.getByLabel(L.quantity, { exact: true }).first().fill('5');
    const liability = alice.page.getByLabel(LIABILITY, { exact: true });
    await liability.fill(`${await liability.inputValue()} The Supplier accepts unlimited liability for data breaches.`);
    // The edit is highlighted against the standard text.
    await alice.page.locator('.clause.edited ins').first().waitFor();
    const legal = rep('preview.needsPerson', { step: rep('steps.legal_review'), reason: '' }).trim();
    await alice.page.locator('[data-testid=preview-people] li', { hasText: legal }).waitFor();
    await visit(alice, 'journey-1-new-contract');
    await alice.page.getByRole('button', { name: L.submit }).click();
    await alice.page.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
    const contractUrl = new URL(alice.page.url()).pathname;
    await waitForText(alice.page, rep('stepStatus.waiting'), 'legal review waiting on the contract page');
    await visit(alice, 'journey-2-contract-submitted');

    // lee: the task in his inbox; request changes with a comment.
    const lee = await b.openAs('lee', { language });
    await lee.page.goto('/inbox');
    await waitForText(lee.page, title, 'the task in lee’s inbox');
    await visit(lee, 'journey-3-inbox');
    await lee.page.getByRole('link', { name: title }).first().click();
    await lee.page.waitForURL(/\/tasks\//);
    await lee.page.locator('#decision-comment').waitFor();
    await visit(lee, 'journey-4-task');
    const comment = 'Please cap the liability: unlimited liability for data breaches is not acceptable.';
    await lee.page.getByLabel(approver('task.decide.comment'), { exact: true }).fill(comment);
    await decide(lee.page, approver('task.decide.requestChanges'));

    // alice: revise from her contract page; the reviewer's comment is shown.
    await alice.page.goto(contractUrl);
    await waitForContractStatus(alice.page, common('status.changes_requested'), 'changes requested on the contract page');
    await alice.page.getByRole('link', { name: rep('contract.revise'), exact: true }).click();
    await alice.page.waitForURL(/\/revise$/);
    await alice.page.locator('.review-comments', { hasText: comment }).waitFor();
    const revised = alice.page.getByLabel(LIABILITY, { exact: true });
    await revised.fill((await revised.inputValue()).replace('unlimited liability for data breaches', 'liability for data breaches up to twice the fees'));
    await alice.page.locator('[data-testid=preview-people] li', { hasText: legal }).waitFor();
    await visit(alice, 'journey-5-revise');
    await alice.page.getByRole('button', { name: rep('revise.submit') }).click();
    await alice.page.waitForURL((u) => u.pathname === contractUrl);

    // lee: the revision's task; approve.
    await lee.page.goto('/inbox');
    await waitForText(lee.page, title, 'the revision’s task in lee’s inbox');
    await lee.page.getByRole('link', { name: title }).first().click();
    await lee.page.waitForURL(/\/tasks\//);
    await lee.page.locator('#decision-comment').waitFor();
    await decide(lee.page, approver('task.decide.approve'));

    // sam, alice's manager: a non-standard clause also needs the sales manager's signature.
    const sam = await b.openAs('sam', { language });
    await sam.page.goto('/inbox');
    await waitForText(sam.page, title, 'the task in sam’s inbox');
    await sam.page.getByRole('link', { name: title }).first().click();
    await sam.page.waitForURL(/\/tasks\//);
    await sam.page.locator('#decision-comment').waitFor();
    await decide(sam.page, approver('task.decide.approve'));

    // alice: approved, with the document and the order.
    await alice.page.goto(contractUrl);
    await waitForContractStatus(alice.page, common('status.approved'), 'the contract approved');
    await alice.page.locator('a[href$="/document"]').waitFor();
    await visit(alice, 'journey-6-contract-approved');

    // olivia: All contracts, the dashboard and its CSV.
    const olivia = await b.openAs('olivia', { language });
    await olivia.page.goto('/ops/contracts');
    await waitForText(olivia.page, title, 'the contract in All contracts');
    await visit(olivia, 'journey-7-all-contracts');
    await olivia.page.goto('/ops');
    await waitForText(olivia.page, 'Lee Huang', 'lee’s decisions on the dashboard');
    await visit(olivia, 'journey-8-dashboard');
    const [download] = await Promise.all([olivia.page.waitForEvent('download'), olivia.page.locator('a[download]').first().click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    // lee's decisions on this contract are rows of the CSV (a private database: no one else decided).
    expect(csv).toContain(userId('lee'));
    expect(csv).toMatch(/legal_review/);
  });
}
