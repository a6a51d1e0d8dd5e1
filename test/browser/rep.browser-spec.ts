// The rep's pages beyond the journey, in real Chromium: the API's 400s appear beside the field
// they name; the form shows the earliest delivery date that needs no review and the preview
// agrees when the rep asks for an earlier one; a contract is withdrawn from its page and found
// by the status filter on My contracts. A private database: the contracts here open tasks that
// would change who other test files' tasks go to.
import { expectAccessible } from './support/axe';
import { type BrowserStack, screenshot, startBrowserStack, waitForText } from './support/browser';

jest.setTimeout(300_000);

let b: BrowserStack;
beforeAll(async () => {
  b = await startBrowserStack({ freshDatabase: 'gl_rep' });
});
afterAll(async () => {
  await b?.stop();
});

/** The error text shown in the field whose label is `label` (the index-th such field). */
async function fieldError(page: import('playwright-core').Page, label: string, index = 0): Promise<string | null> {
  const input = page.getByLabel(label, { exact: true }).nth(index);
  if ((await input.getAttribute('aria-invalid')) !== 'true') return null;
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.length ? page.locator(`[id="${ids[0]}"]`).textContent() : null;
}

test('the API’s 400s are shown beside the fields they name, and the form keeps what was typed', async () => {
  const alice = await b.openAs('alice');
  await alice.page.goto('/contracts/new');
  await alice.page.locator('.preview:not([data-state=loading])').waitFor();
  await alice.page.getByLabel('Title', { exact: true }).fill('Bad input');
  await alice.page.getByLabel('Registration number', { exact: true }).fill('91310000MA1FL0007C');
  await alice.page.getByLabel('Country', { exact: true }).fill('1X');
  await alice.page.getByLabel('Unit price', { exact: true }).first().fill('100.001');
  await alice.page.getByRole('button', { name: 'Submit for approval' }).click();
  await alice.page.getByRole('alert').first().waitFor();
  expect(await fieldError(alice.page, 'Customer name')).toMatch(/name/i);
  expect(await fieldError(alice.page, 'Country')).toMatch(/ISO 3166-1/);
  expect(await fieldError(alice.page, 'Unit price')).toMatch(/decimal/i);
  // Fields the API accepted carry no error, and nothing typed was lost.
  expect(await fieldError(alice.page, 'Title')).toBeNull();
  expect(await alice.page.getByLabel('Title', { exact: true }).inputValue()).toBe('Bad input');
  expect(new URL(alice.page.url()).pathname).toBe('/contracts/new');
  await screenshot(alice, 'new-contract-errors');
  await expectAccessible(alice.page, '/contracts/new with errors');
});

test('the earliest delivery date without review is shown, and an earlier one makes the preview ask for delivery review', async () => {
  const alice = await b.openAs('alice');
  await alice.page.goto('/contracts/new');
  // The preview answers once the contract is complete enough to validate.
  await alice.page.getByLabel('Title', { exact: true }).fill('Delivery dates');
  await alice.page.getByLabel('Search the customer registry').fill('Harbour');
  await alice.page.getByRole('button', { name: /Shanghai Harbour Logistics/ }).click();
  const date = alice.page.getByLabel('Requested delivery date', { exact: true });
  const earliest = await date.inputValue();
  expect(earliest).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // With standard clauses at list price, the prefilled contract is automatic throughout.
  await alice.page.getByTestId('preview-automatic').waitFor();
  const before = new Date(`${earliest}T00:00:00Z`);
  before.setUTCDate(before.getUTCDate() - 1);
  await date.fill(before.toISOString().slice(0, 10));
  await alice.page.locator('[data-testid=preview-people] li', { hasText: 'Delivery review will need a person' }).waitFor();
  // Back on the earliest date, no one is needed again.
  await date.fill(earliest);
  await alice.page.getByTestId('preview-automatic').waitFor();
});

test('a rep withdraws a contract from its page and finds it under the Withdrawn filter', async () => {
  const alice = await b.openAs('alice');
  const title = `Withdraw me ${Date.now()}`;
  await alice.page.goto('/contracts/new');
  await alice.page.locator('.preview:not([data-state=loading])').waitFor();
  await alice.page.getByLabel('Title', { exact: true }).fill(title);
  await alice.page.getByLabel('Search the customer registry').fill('Harbour');
  await alice.page.getByRole('button', { name: /Shanghai Harbour Logistics/ }).click();
  // A discount beyond policy keeps it waiting for the sales manager.
  const price = alice.page.getByLabel('Unit price', { exact: true }).first();
  await price.fill(String(Math.round(Number(await price.inputValue()) * 0.8)));
  await alice.page.locator('[data-testid=preview-people] li', { hasText: 'Sales manager approval' }).waitFor();
  await alice.page.getByRole('button', { name: 'Submit for approval' }).click();
  await alice.page.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
  await waitForText(alice.page, 'Waiting for a person', 'a step waiting for a person');
  await alice.page.getByLabel('Reason for withdrawing (optional)').fill('Customer postponed the project');
  await alice.page.getByRole('button', { name: 'Withdraw', exact: true }).click();
  await waitForText(alice.page, 'Contract withdrawn', 'the withdrawal in the history');
  expect(await alice.page.getByTestId('contract-status').textContent()).toBe('Withdrawn');
  // Withdrawn: no more actions offered.
  expect(await alice.page.getByRole('button', { name: 'Withdraw', exact: true }).count()).toBe(0);
  await screenshot(alice, 'contract-withdrawn');
  // The contract page on a phone: tracks stack, wide tables scroll inside their box, nothing
  // makes the page itself wider than the screen.
  await alice.page.setViewportSize({ width: 375, height: 800 });
  expect((await alice.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number).toBeLessThanOrEqual(0);
  await screenshot(alice, 'contract-375px');
  await expectAccessible(alice.page, '/contracts/:id at 375 px');
  await alice.page.setViewportSize({ width: 1280, height: 900 });

  await alice.page.getByRole('link', { name: 'My contracts' }).click();
  await alice.page.getByLabel('Status').selectOption('withdrawn');
  await alice.page.waitForURL(/status=withdrawn/);
  const row = alice.page.locator('tbody tr', { hasText: title });
  await row.waitFor();
  expect(await row.textContent()).toContain('Withdrawn');
  await alice.page.setViewportSize({ width: 375, height: 800 });
  expect((await alice.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number).toBeLessThanOrEqual(0);
  await expectAccessible(alice.page, '/contracts at 375 px');
  await alice.page.setViewportSize({ width: 1280, height: 900 });
  await alice.page.getByLabel('Status').selectOption('in_review');
  await alice.page.waitForURL(/status=in_review/);
  await alice.page.locator('main table, main p:text("No contracts match.")').first().waitFor();
  expect(await alice.page.locator('tbody tr', { hasText: title }).count()).toBe(0);
});
