// The OrderSystem adapter for an ERP without an API: it drives the ERP's HTML forms in headless
// Chromium (Debian's /usr/bin/chromium through playwright-core) as a person would: sign in, search
// by customer reference, fill the new-order form, read the order number off the result page, read
// the order's status page. The selectors are the demo ERP's (src/legacy-erp/legacy-erp.pages.ts).
//
// Each call runs in a browser of its own, closed afterwards: a crashed or hung page cannot leak
// into the next run, and the RPA worker's slot limit (RPA_BROWSER_SLOTS) is then the number of
// browsers at once. When a step fails, the error carries a screenshot of the page where it stopped.
import { type Browser, chromium, type Page } from 'playwright-core';
import { type CreatedOrder, isOrderStatus, linesAsFormText, type NewOrder, type OrderStatusChange, type OrderStatusReading, type OrderSystem, OrderSystemError } from './order-system.port';

export interface BrowserOrderSystemOptions {
  baseUrl: string;
  username: string;
  password: string;
  executablePath: string;
  /** Longest wait for one page or element, ms. */
  timeoutMs?: number;
  /**
   * Runs once the order form was submitted and the result page loaded, before the number is read:
   * the crash tests close the browser here to stand for a worker that died at the worst moment.
   */
  afterSubmit?: (at: { page: Page; browser: Browser }) => Promise<void>;
}

interface Run {
  page: Page;
  browser: Browser;
  /** What the run is doing, for the error when it stops. */
  step: string;
}

export class BrowserOrderSystem implements OrderSystem {
  readonly adapter = 'browser' as const;

  constructor(private readonly options: BrowserOrderSystemOptions) {}

  async findOrderByReference(contractRef: string): Promise<{ erpOrderNumber: string } | null> {
    return this.withPage('search', (run) => this.search(run, contractRef));
  }

  async createOrder(order: NewOrder): Promise<CreatedOrder> {
    return this.withPage('search', async (run) => {
      const existing = await this.search(run, order.contractRef);
      if (existing) return { ...existing, reused: true };
      await this.open(run, '/orders/new', 'open the order form');
      run.step = 'fill the order form';
      const { page } = run;
      await page.fill('#customerName', order.customerName);
      await page.fill('#customerRef', order.contractRef);
      await page.fill('#lines', linesAsFormText(order.lines));
      await page.fill('#total', order.total.toFixed(2));
      await page.selectOption('#currency', order.currency);
      await page.fill('#deliveryDate', order.deliveryDate);
      run.step = 'submit the order form';
      await page.click('#save-order');
      await page.locator('#order-number, #error').first().waitFor();
      if (await page.locator('#error').count()) {
        throw new OrderSystemError(`The ERP refused the order: ${(await page.locator('#error').innerText()).replace(/\s+/g, ' ').trim()}`, { step: run.step, refused: true });
      }
      await this.options.afterSubmit?.({ page, browser: run.browser });
      run.step = 'read the order number';
      const erpOrderNumber = (await page.locator('#order-number').innerText()).trim();
      if (!/^\d+$/.test(erpOrderNumber)) throw new OrderSystemError(`The ERP's result page shows "${erpOrderNumber}" where the order number belongs`, { step: run.step });
      return { erpOrderNumber, reused: false };
    });
  }

  async orderStatus(erpOrderNumber: string): Promise<OrderStatusReading> {
    if (!/^\d+$/.test(erpOrderNumber)) throw new OrderSystemError(`"${erpOrderNumber}" is no ERP order number`, { step: 'status' });
    return this.withPage('status', async (run) => {
      await this.open(run, `/orders/${erpOrderNumber}`, 'open the order page');
      run.step = 'read the status';
      const { page } = run;
      await page.locator('#status, #error').first().waitFor();
      if (await page.locator('#error').count()) throw new OrderSystemError(`The ERP has no order ${erpOrderNumber}`, { step: run.step });
      const status = (await page.locator('#status').innerText()).trim();
      if (!isOrderStatus(status)) throw new OrderSystemError(`ERP order ${erpOrderNumber} has status "${status}", which the bot does not know`, { step: run.step });
      const rows = await page.locator('.history-row').evaluateAll((trs) =>
        trs.map((tr) => ({ status: tr.querySelector('.history-status')?.textContent?.trim() ?? '', at: tr.querySelector('.history-at')?.textContent?.trim() ?? '' })),
      );
      const history = rows.filter((r): r is OrderStatusChange => isOrderStatus(r.status) && !Number.isNaN(Date.parse(r.at)));
      return { status, changedAt: history.at(-1)?.at, history };
    });
  }

  /** The contract's order number from the search page, or null. */
  private async search(run: Run, contractRef: string): Promise<{ erpOrderNumber: string } | null> {
    await this.open(run, `/orders?ref=${encodeURIComponent(contractRef)}`, 'search by customer reference');
    await run.page.locator('#result-count').waitFor();
    const numbers = await run.page.locator('#results .order-link').allInnerTexts();
    return numbers.length ? { erpOrderNumber: numbers[0].trim() } : null;
  }

  /** Opens a page of the ERP, signing in first when the ERP sends the bot to its sign-in form. */
  private async open(run: Run, path: string, step: string): Promise<void> {
    run.step = step;
    const { page } = run;
    await page.goto(new URL(path, this.options.baseUrl).toString());
    if (new URL(page.url()).pathname !== '/login') return;
    run.step = 'sign in';
    await page.fill('#username', this.options.username);
    await page.fill('#password', this.options.password);
    await page.click('#sign-in');
    await page.locator('#error, a[href="/logout"]').first().waitFor();
    if (new URL(page.url()).pathname === '/login') {
      throw new OrderSystemError(`The ERP refused the bot's sign-in as ${this.options.username}: ${(await page.locator('#error').innerText()).trim()}`, { step: run.step });
    }
    run.step = step;
  }

  private async withPage<T>(step: string, fn: (run: Run) => Promise<T>): Promise<T> {
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath: this.options.executablePath, headless: true });
    } catch (cause) {
      throw new OrderSystemError(`Chromium did not start (${this.options.executablePath}): ${(cause as Error).message}`, { step: 'start the browser', cause });
    }
    try {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      page.setDefaultTimeout(this.options.timeoutMs ?? 30_000);
      const run: Run = { page, browser, step };
      try {
        return await fn(run);
      } catch (err) {
        const shot = await page.screenshot({ fullPage: true, timeout: 5_000 }).catch(() => undefined);
        const pageUrl = page.isClosed() ? undefined : page.url();
        if (err instanceof OrderSystemError) throw new OrderSystemError(err.message, { ...err.details, pageUrl, screenshot: shot });
        throw new OrderSystemError(`The order bot stopped at "${run.step}": ${(err as Error).message.split('\n')[0]}`, { step: run.step, pageUrl, screenshot: shot, cause: err });
      }
    } finally {
      await browser.close().catch(() => undefined);
    }
  }
}
