// The browser-test harness: the real stack (worker + API on the int project's servers) serving
// the built web app, real Chromium (Debian's /usr/bin/chromium driven by playwright-core 1.64.1),
// one browser context per user, sign-in through the UI, screenshots and axe-core checks.
//
// The API serves web/dist at `/` (src/app.factory.ts). While a checkout's API does not serve it
// yet (or serves a placeholder), the harness falls back to `vite preview` proxying /api to the
// test API, so the pages and the journey are the same either way; `servedBy` says which.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { getFreePort } from '../../../scripts/lib/free-port';
import { repoRoot, runDir } from '../../../scripts/lib/paths';
import { startTestStack, type TestStack } from '../../support/stack';
import { createFreshDatabase, type FreshDatabase } from '../../audit/support/fresh-database';
import { waitFor } from '../../support/wait';
import { ensureWebBuild, webDir } from './web-build';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(runDir, 'screenshots');
export type Language = 'en' | 'zh-CN';

export interface UserPage {
  username: string;
  language: Language;
  context: BrowserContext;
  page: Page;
}

export interface BrowserStack {
  stack: TestStack;
  browser: Browser;
  /** Where the app is opened: the API itself, or vite preview in front of it. */
  appUrl: string;
  servedBy: 'api' | 'vite-preview';
  /** A fresh browser context (own cookies) whose browser language is `language`. */
  openAs(username: string, options?: { language?: Language; width?: number; signIn?: boolean }): Promise<UserPage>;
  stop(): Promise<void>;
}

async function servesTheApp(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/login`, { headers: { Accept: 'text/html' } });
    return res.ok && (await res.text()).includes('<div id="root">');
  } catch {
    return false;
  }
}

async function startVitePreview(apiUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await getFreePort();
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'preview', '--config', join(webDir, 'vite.config.ts'), '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: repoRoot,
    env: { ...process.env, GREENLIGHT_API_URL: apiUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(() => servesTheApp(url), 'vite preview', {
    timeoutMs: 30_000,
    abort: () => (child.exitCode !== null ? `exited with ${child.exitCode}` : undefined),
    describe: () => log.slice(-2000),
  });
  return { url, child };
}

export interface BrowserStackOptions {
  config?: Record<string, string>;
  /**
   * Run on a private, freshly seeded database with this name prefix: for tests whose outcome
   * depends on who holds how many tasks (task routing picks the least-loaded member) or on
   * report figures, which other test files' contracts would change.
   */
  freshDatabase?: string;
}

export async function startBrowserStack(options: BrowserStackOptions = {}): Promise<BrowserStack> {
  ensureWebBuild();
  const fresh: FreshDatabase | undefined = options.freshDatabase ? await createFreshDatabase(options.freshDatabase) : undefined;
  const stack = await startTestStack({
    api: true,
    config: { ...(fresh ? { DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl } : {}), ...options.config },
  });
  const apiUrl = stack.baseUrl!;
  let preview: { url: string; child: ChildProcess } | undefined;
  let browser: Browser | undefined;
  try {
    if (!(await servesTheApp(apiUrl))) preview = await startVitePreview(apiUrl);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
  } catch (err) {
    preview?.child.kill('SIGTERM');
    await stack.stop();
    await fresh?.drop();
    throw err;
  }
  const appUrl = preview?.url ?? apiUrl;
  const contexts: BrowserContext[] = [];
  return {
    stack,
    browser,
    appUrl,
    servedBy: preview ? 'vite-preview' : 'api',
    async openAs(username, o = {}) {
      const language = o.language ?? 'en';
      const context = await browser.newContext({
        baseURL: appUrl,
        locale: language,
        timezoneId: 'Europe/London', // not the organisation's zone: pages must show dates in the org's zone themselves
        viewport: { width: o.width ?? 1280, height: 900 },
        acceptDownloads: true,
      });
      // Generous: the machine running the tests may be busy (2 cores shared with the servers);
      // a waitFor fails only when its outcome does not come, not because it came slowly.
      context.setDefaultTimeout(90_000);
      contexts.push(context);
      const page = await context.newPage();
      const user = { username, language, context, page };
      if (o.signIn !== false) await signInWithToken(page, `dev-${username}`);
      return user;
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      if (preview && preview.child.exitCode === null) {
        const exited = new Promise((resolve) => preview!.child.once('exit', resolve));
        preview.child.kill('SIGTERM');
        await exited;
      }
      await stack.stop();
      await fresh?.drop();
    },
  };
}

/** Signs in through /login's pasted-token form, as any environment allows. */
export async function signInWithToken(page: Page, token: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#token').fill(token);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Polls a page (reloading it) until `text` shows: for workflow progress that arrives asynchronously. */
export async function waitForText(page: Page, text: string, what: string, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    async () => {
      if ((await page.getByText(text, { exact: false }).count()) > 0) return true;
      await page.reload();
      await page.waitForLoadState('networkidle');
      return (await page.getByText(text, { exact: false }).count()) > 0;
    },
    what,
    { timeoutMs, intervalMs: 500 },
  );
}

/** A full-page screenshot in .run/screenshots/<language>/<name>.png (git-ignored). */
export async function screenshot(user: UserPage, name: string): Promise<string> {
  const dir = join(SCREENSHOT_DIR, user.language);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await user.page.screenshot({ path, fullPage: true });
  return path;
}
