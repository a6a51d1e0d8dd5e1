// The app's shell in real Chromium: sign-in (demo-user buttons in development, a pasted token
// anywhere), the header (who is signed in, sign-out), the language switch remembered across
// reloads and stored as the user's locale, and axe-core on the login and rep pages in both
// languages and at 375 px. A private database: switching the language changes a user's locale.
import { expectAccessible } from './support/axe';
import { waitFor } from '../support/wait';
import { type BrowserStack, screenshot, startBrowserStack } from './support/browser';

jest.setTimeout(180_000);

let b: BrowserStack;
beforeAll(async () => {
  b = await startBrowserStack({ freshDatabase: 'gl_shell' });
});
afterAll(async () => {
  await b?.stop();
});

test('an unknown token is refused with a sentence, and a signed-out visit goes to /login', async () => {
  const anon = await b.openAs('nobody', { signIn: false });
  await anon.page.goto('/contracts');
  await anon.page.waitForURL((u) => u.pathname === '/login');
  await anon.page.locator('#token').fill('not-a-token');
  await anon.page.locator('form button[type=submit]').click();
  await anon.page.getByRole('alert').waitFor();
  expect(await anon.page.getByRole('alert').textContent()).toContain('That token is not known');
  await screenshot(anon, 'login');
  await expectAccessible(anon.page, '/login');
});

test('the login page in Chinese: demo users named with their roles, axe-core clean', async () => {
  const anon = await b.openAs('nobody', { language: 'zh-CN', signIn: false });
  await anon.page.goto('/login');
  await anon.page.getByRole('heading', { name: '登录 Greenlight' }).waitFor();
  const lee = anon.page.getByRole('button', { name: /Lee Huang/ });
  await lee.waitFor();
  expect(await lee.textContent()).toContain('法务顾问');
  await screenshot(anon, 'login');
  await expectAccessible(anon.page, '/login (zh-CN)');
});

test('a demo user signs in with one button, sees who is signed in, and signs out', async () => {
  const user = await b.openAs('alice', { signIn: false });
  await user.page.goto('/login');
  const alice = user.page.getByRole('button', { name: /Alice/ });
  await alice.waitFor();
  // The button names the role too.
  expect(await alice.textContent()).toContain('Sales rep');
  await alice.click();
  await user.page.waitForURL((u) => u.pathname === '/contracts');
  expect(await user.page.getByTestId('signed-in-user').textContent()).toMatch(/Alice/);
  await user.page.getByRole('button', { name: 'Sign out' }).click();
  await user.page.waitForURL((u) => u.pathname === '/login');
  // The cookie is gone: a protected page sends the browser back to /login.
  await user.page.goto('/contracts');
  await user.page.waitForURL((u) => u.pathname === '/login');
});

test('each demo user lands on their own start page: a rep on contracts, ops on the dashboard, a policy owner on the policy', async () => {
  for (const [username, name, path] of [
    ['alice', /Alice/, '/contracts'],
    ['olivia', /Olivia/, '/ops'],
    ['paula', /Paula/, '/policy'],
    ['lee', /Lee Huang/, '/inbox'],
  ] as const) {
    const user = await b.openAs(username, { signIn: false });
    await user.page.goto('/login');
    const button = user.page.getByRole('button', { name });
    await button.waitFor();
    await button.click();
    await user.page.waitForURL((u) => u.pathname === path);
  }
});

test('keyboard only: sign in with a demo button, skip to the content, reach the form', async () => {
  const user = await b.openAs('alice', { signIn: false });
  await user.page.goto('/login');
  await user.page.getByRole('button', { name: /Alice/ }).waitFor();
  // Tab until alice's button has the focus, then Enter.
  for (let i = 0; i < 30; i++) {
    await user.page.keyboard.press('Tab');
    if (((await user.page.evaluate('document.activeElement && document.activeElement.textContent')) as string | null)?.includes('Alice')) break;
  }
  await user.page.keyboard.press('Enter');
  await user.page.waitForURL((u) => u.pathname === '/contracts');
  await user.page.getByRole('heading', { name: 'My contracts' }).waitFor();
  // The first Tab lands on the skip link, which moves the focus into the page's content.
  await user.page.keyboard.press('Tab');
  expect(await user.page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
  await user.page.keyboard.press('Enter');
  expect(await user.page.evaluate('document.activeElement.id')).toBe('main');
  // From the content, Tab reaches its first control (the New contract button); Enter opens the form.
  await user.page.keyboard.press('Tab');
  expect(await user.page.evaluate('document.activeElement.textContent')).toBe('New contract');
  await user.page.keyboard.press('Enter');
  await user.page.waitForURL((u) => u.pathname === '/contracts/new');
  await user.page.getByLabel('Title', { exact: true }).focus();
  await user.page.keyboard.type('Typed by keyboard');
  expect(await user.page.getByLabel('Title', { exact: true }).inputValue()).toBe('Typed by keyboard');
});

test('the language follows the browser, can be switched, and the choice survives a reload', async () => {
  const zh = await b.openAs('alice', { language: 'zh-CN' });
  await zh.page.goto('/contracts');
  await zh.page.getByRole('heading', { name: '我的合同' }).waitFor();
  expect(await zh.page.evaluate('document.documentElement.lang')).toBe('zh-CN');
  await zh.page.getByLabel('语言').selectOption('en');
  await zh.page.getByRole('heading', { name: 'My contracts' }).waitFor();
  await zh.page.reload();
  await zh.page.getByRole('heading', { name: 'My contracts' }).waitFor();
  expect(await zh.page.evaluate('document.documentElement.lang')).toBe('en');
  // Each choice is stored as alice's locale, which her e-mails follow (one of the two differs from
  // the organisation's default, so this cannot pass on the default alone).
  const storedLocale = async () => {
    const me = await fetch(`${b.stack.baseUrl}/api/users/me`, { headers: { Authorization: 'Bearer dev-alice' } });
    return ((await me.json()) as { locale: string }).locale;
  };
  await waitFor(async () => (await storedLocale()) === 'en', 'locale en stored');
  await zh.page.getByLabel('Language').selectOption('zh-CN');
  await zh.page.getByRole('heading', { name: '我的合同' }).waitFor();
  await waitFor(async () => (await storedLocale()) === 'zh-CN', 'locale zh-CN stored');
});

for (const language of ['en', 'zh-CN'] as const) {
  test(`rep pages pass axe-core in ${language}`, async () => {
    const rep = await b.openAs('bob', { language });
    await rep.page.goto('/contracts');
    await rep.page.locator('main h1').waitFor();
    await screenshot(rep, 'my-contracts');
    await expectAccessible(rep.page, `/contracts (${language})`);
    await rep.page.goto('/contracts/new');
    await rep.page.locator('form.contract-form').waitFor();
    await rep.page.locator('.preview:not([data-state=loading])').waitFor();
    await screenshot(rep, 'new-contract');
    await expectAccessible(rep.page, `/contracts/new (${language})`);
  });
}

test('the new-contract form works at 375 px wide and passes axe-core there', async () => {
  const rep = await b.openAs('bob', { width: 375 });
  await rep.page.goto('/contracts/new');
  await rep.page.locator('.preview:not([data-state=loading])').waitFor();
  // Nothing wider than the screen: no sideways scrolling on a phone.
  const overflow = (await rep.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(rep, 'new-contract-375px');
  await expectAccessible(rep.page, '/contracts/new at 375 px');
});
