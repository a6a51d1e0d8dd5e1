// The OrderSystem adapters against the demo legacy ERP: the browser adapter in real Chromium
// (Debian's, through playwright-core) and the REST adapter on the ERP's REST mount. Creating,
// reading the status, a crash between submitting the form and reading the number (the retry finds
// the order by contract reference: one order, not two), and the screenshot of a failed run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type LegacyErp, startLegacyErp } from '../../../src/legacy-erp/legacy-erp.server';
import { BrowserOrderSystem } from '../../../src/rpa/order-system/browser-order-system';
import { type NewOrder, OrderSystemError } from '../../../src/rpa/order-system/order-system.port';
import { RestOrderSystem } from '../../../src/rpa/order-system/rest-order-system';
import { waitFor } from '../../support/wait';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const account = { username: 'greenlight-bot', password: 'orderdesk-test' };

function newOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  return {
    contractRef: randomUUID(),
    customerName: '上海港湾物流有限公司',
    lines: [
      { sku: 'GL-100', quantity: 3, unitPrice: 1200 },
      { sku: 'GL-200', quantity: 1, unitPrice: 99.5 },
    ],
    total: 3699.5,
    currency: 'CNY',
    deliveryDate: '2027-01-15',
    ...overrides,
  };
}

describe('OrderSystem adapters against the demo legacy ERP', () => {
  let dir: string;
  let erp: LegacyErp;
  let browser: BrowserOrderSystem;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'legacy-erp-'));
    erp = await startLegacyErp({ dataFile: join(dir, 'orders.json'), ...account, rest: true });
    browser = new BrowserOrderSystem({ baseUrl: erp.url, ...account, executablePath: CHROMIUM });
  });

  afterAll(async () => {
    await erp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('browser: enters the order through the forms, reads its number back, and a second run reuses it', async () => {
    const order = newOrder();
    const first = await browser.createOrder(order);
    expect(first.reused).toBe(false);
    expect(first.erpOrderNumber).toMatch(/^\d{10}$/);
    const stored = erp.store.byCustomerRef(order.contractRef);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      number: first.erpOrderNumber,
      customerName: '上海港湾物流有限公司',
      total: 3699.5,
      currency: 'CNY',
      deliveryDate: '2027-01-15',
      lines: order.lines,
      status: 'confirmed',
      createdBy: 'greenlight-bot',
    });

    const again = await browser.createOrder(order);
    expect(again).toEqual({ erpOrderNumber: first.erpOrderNumber, reused: true });
    expect(erp.store.byCustomerRef(order.contractRef)).toHaveLength(1);
    expect(await browser.findOrderByReference(order.contractRef)).toEqual({ erpOrderNumber: first.erpOrderNumber });
    expect(await browser.findOrderByReference(randomUUID())).toBeNull();
  });

  it('browser: reads the status page as the operator moves the order on', async () => {
    const { erpOrderNumber } = await browser.createOrder(newOrder());
    const confirmed = await browser.orderStatus(erpOrderNumber);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.history.map((h) => h.status)).toEqual(['confirmed']);

    await erp.store.advance(erpOrderNumber, 'operator', new Date('2030-02-01T08:00:00Z'));
    const shipped = await browser.orderStatus(erpOrderNumber);
    expect(shipped).toEqual({ status: 'shipped', changedAt: '2030-02-01T08:00:00.000Z', history: [confirmed.history[0], { status: 'shipped', at: '2030-02-01T08:00:00.000Z' }] });
  });

  it('browser: a crash after the form is submitted, before the number is read, ends with one order after the retry', async () => {
    const order = newOrder();
    const crashing = new BrowserOrderSystem({
      baseUrl: erp.url,
      ...account,
      executablePath: CHROMIUM,
      afterSubmit: async ({ browser: b }) => {
        await b.close();
      },
    });
    const crash = await crashing.createOrder(order).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(crash).toBeInstanceOf(OrderSystemError);
    expect((crash as OrderSystemError).details.step).toBe('read the order number');
    const entered = erp.store.byCustomerRef(order.contractRef);
    expect(entered).toHaveLength(1);

    const retry = await browser.createOrder(order);
    expect(retry).toEqual({ erpOrderNumber: entered[0].number, reused: true });
    expect(erp.store.byCustomerRef(order.contractRef)).toHaveLength(1);
  });

  it('browser: a failed run carries a screenshot of the page where it stopped', async () => {
    const wrongPassword = new BrowserOrderSystem({ baseUrl: erp.url, username: account.username, password: 'not-the-password', executablePath: CHROMIUM });
    const err = (await wrongPassword.createOrder(newOrder()).catch((e: unknown) => e)) as OrderSystemError;
    expect(err).toBeInstanceOf(OrderSystemError);
    expect(err.details.step).toBe('sign in');
    expect(err.message).toContain('Wrong user or password');
    expect(err.details.pageUrl).toContain('/login');
    expect(err.details.screenshot?.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    const refused = (await browser.createOrder(newOrder({ deliveryDate: '15/01/2027' })).catch((e: unknown) => e)) as OrderSystemError;
    expect(refused).toBeInstanceOf(OrderSystemError);
    expect(refused.message).toContain('Delivery date: must be a date YYYY-MM-DD');
    expect(refused.details.screenshot?.length).toBeGreaterThan(1000);
  });

  it('rest: creates once by contract reference and reads the status', async () => {
    const rest = new RestOrderSystem({ baseUrl: erp.url, ...account });
    const order = newOrder();
    const first = await rest.createOrder(order);
    expect(first.reused).toBe(false);
    expect(await rest.createOrder(order)).toEqual({ erpOrderNumber: first.erpOrderNumber, reused: true });
    expect(erp.store.byCustomerRef(order.contractRef)).toHaveLength(1);
    await erp.store.advance(first.erpOrderNumber, 'operator', new Date('2030-03-01T00:00:00Z'));
    await erp.store.advance(first.erpOrderNumber, 'operator', new Date('2030-03-02T00:00:00Z'));
    expect(await rest.orderStatus(first.erpOrderNumber)).toMatchObject({ status: 'invoiced', changedAt: '2030-03-02T00:00:00.000Z' });
    await expect(new RestOrderSystem({ baseUrl: erp.url, ...account, password: 'x' }).findOrderByReference(order.contractRef)).rejects.toThrow(/401/);
  });

  it('the demo auto-advance moves an order confirmed → shipped → invoiced when switched on (off by default)', async () => {
    const auto = await startLegacyErp({ dataFile: join(dir, 'auto.json'), ...account, autoAdvanceMs: 100 });
    try {
      const o = await auto.store.create({ ...newOrder(), customerRef: 'auto-1', createdBy: 'test' }, new Date());
      await waitFor(async () => auto.store.byNumber(o.number)?.status === 'invoiced', 'auto-advance to invoiced', 10_000);
      expect(auto.store.byNumber(o.number)!.history.map((h) => [h.status, h.by])).toEqual([
        ['confirmed', 'test'],
        ['shipped', 'auto-advance'],
        ['invoiced', 'auto-advance'],
      ]);
    } finally {
      await auto.close();
    }
    expect(erp.store.all().every((o) => o.history.every((h) => h.by !== 'auto-advance'))).toBe(true);
  });

  it('the ERP refuses a bad form with the field and the rule, and hides the REST mount unless enabled', async () => {
    const plain = await startLegacyErp({ dataFile: join(dir, 'plain.json'), ...account });
    try {
      const rest = await fetch(`${plain.url}/rest/v1/orders?customerRef=x`, { headers: { Authorization: `Basic ${Buffer.from(`${account.username}:${account.password}`).toString('base64')}` } });
      expect(rest.status).toBe(404);
      const login = await fetch(`${plain.url}/login`, { method: 'POST', body: new URLSearchParams(account), redirect: 'manual' });
      expect(login.status).toBe(303);
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const bad = await fetch(`${plain.url}/orders`, { method: 'POST', headers: { Cookie: cookie }, body: new URLSearchParams({ customerName: 'X', customerRef: 'r', lines: 'A; 0; 1', total: '-1', currency: 'GBP', deliveryDate: '2027-01-01' }), redirect: 'manual' });
      expect(bad.status).toBe(422);
      const page = await bad.text();
      expect(page).toContain('Currency: must be one of CNY, USD, EUR, HKD, SGD');
      expect(page).toContain('Order total: must be a positive number');
      expect(page).toContain('Lines: row 1 must be');
      const anonymous = await fetch(`${plain.url}/orders/new`, { redirect: 'manual' });
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toBe('/login?next=%2Forders%2Fnew');
    } finally {
      await plain.close();
    }
  });
});
