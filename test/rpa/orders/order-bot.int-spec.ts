// The order bot end to end: a contract approved through the real API and workflow gets its order
// entered in the demo legacy ERP by the RPA worker (its own task queue, real Chromium), visible in
// both; every run is a bot_runs row and an audit event; a run that stops is listed for ops with the
// screenshot of the page; a crash between submitting the form and reading the number, retried by
// Temporal, ends with one ERP order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { type LegacyErp, startLegacyErp } from '../../../src/legacy-erp/legacy-erp.server';
import { BrowserOrderSystem } from '../../../src/rpa/order-system/browser-order-system';
import type { NewOrder, OrderSystem } from '../../../src/rpa/order-system/order-system.port';
import { createRpaWorker } from '../../../src/rpa-worker';
import { aContract } from '../../factories/contract.factory';
import { type Api, getContract, submit, token } from '../../support/contracts';
import { http, startTestStack, type TestStack } from '../../support/stack';
import { waitFor } from '../../support/wait';

jest.setTimeout(240_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const account = { username: 'greenlight-bot', password: 'orderdesk-test' };

/** The RPA worker's OrderSystem: the real browser adapter, or a scripted adapter for the next calls of createOrder. */
class ScriptedOrderSystem implements OrderSystem {
  readonly adapter = 'browser' as const;
  readonly next: OrderSystem[] = [];
  constructor(private readonly real: OrderSystem) {}
  findOrderByReference(ref: string) {
    return this.real.findOrderByReference(ref);
  }
  createOrder(order: NewOrder) {
    return (this.next.shift() ?? this.real).createOrder(order);
  }
  orderStatus(n: string) {
    return this.real.orderStatus(n);
  }
}

let dir: string;
let erp: LegacyErp;
let stack: TestStack;
let api: Api;
let connection: NativeConnection;
let rpaWorker: Worker;
let rpaRunning: Promise<void>;
let orders: ScriptedOrderSystem;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'legacy-erp-'));
  erp = await startLegacyErp({ dataFile: join(dir, 'orders.json'), ...account });
  const erpConfig = { ORDER_SYSTEM_ADAPTER: 'browser', RPA_TASK_QUEUE: `test-rpa-${randomUUID()}`, ERP_URL: erp.url, ERP_USERNAME: account.username, ERP_PASSWORD: account.password, CHROMIUM_PATH: CHROMIUM };
  stack = await startTestStack({ api: true, config: erpConfig });
  api = http(stack.baseUrl!);
  orders = new ScriptedOrderSystem(new BrowserOrderSystem({ baseUrl: erp.url, ...account, executablePath: CHROMIUM }));
  connection = await NativeConnection.connect({ address: stack.config.TEMPORAL_ADDRESS });
  rpaWorker = await createRpaWorker(stack.config, { connection, db: stack.db, orderSystem: orders });
  rpaRunning = rpaWorker.run();
});

afterAll(async () => {
  rpaWorker?.shutdown();
  await rpaRunning;
  await connection?.close();
  await stack?.stop();
  await erp?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function approved(id: string) {
  return waitFor(
    async () => {
      const c = await getContract(api, id);
      return c.status === 'approved' ? c : null;
    },
    `contract ${id} approved`,
    180_000,
  );
}

async function botRuns(contractId: string) {
  const res = await api('GET', `/api/ops/bot-runs?contractId=${contractId}`, { token: token('olivia') });
  expect(res.status).toBe(200);
  return res.body as { id: string; status: string; outcome: string | null; step: string | null; erpOrderNumber: string | null; screenshotUrl: string | null; adapter: string }[];
}

test('an approved contract gets its order typed into the ERP by the browser bot, visible in both', async () => {
  const id = await submit(api, aContract());
  const c = await approved(id);

  const inErp = erp.store.byCustomerRef(id);
  expect(inErp).toHaveLength(1);
  expect(inErp[0]).toMatchObject({ customerName: c.customer.name, total: c.amount, currency: 'CNY', status: 'confirmed' });
  expect(c.order).toMatchObject({ erpOrderNumber: inErp[0].number, erpAdapter: 'browser', erpStatus: 'confirmed' });
  expect(c.order.erpStatusHistory.map((h: { status: string }) => h.status)).toEqual(['confirmed']);
  const orderStep = c.steps.find((s: { key: string }) => s.key === 'order_creation');
  expect(orderStep.reason).toBe(`Entered sales order ${c.order.orderNumber} in the ERP as ${inErp[0].number} (browser adapter)`);

  const runs = await botRuns(id);
  expect(runs).toEqual([expect.objectContaining({ status: 'succeeded', outcome: 'created', erpOrderNumber: inErp[0].number, adapter: 'browser', screenshotUrl: null })]);
  const audit = await api('GET', `/api/contracts/${id}/history`, { token: token('olivia') });
  const ran = (audit.body as { type: string; data: Record<string, unknown> }[]).filter((e) => e.type === 'ORDER_BOT_RAN');
  expect(ran).toHaveLength(1);
  expect(ran[0].data).toMatchObject({ adapter: 'browser', erpOrderNumber: inErp[0].number, outcome: 'created', botRunId: runs[0].id });
  expect(typeof ran[0].data.durationMs).toBe('number');
});

test('a run that stops is shown to ops with its screenshot; a crash after submitting is retried into one order, not two', async () => {
  orders.next.push(
    new BrowserOrderSystem({ baseUrl: erp.url, username: account.username, password: 'expired-password', executablePath: CHROMIUM }),
    new BrowserOrderSystem({ baseUrl: erp.url, ...account, executablePath: CHROMIUM, afterSubmit: ({ browser }) => browser.close() }),
  );
  const id = await submit(api, aContract());
  const c = await approved(id);

  const inErp = erp.store.byCustomerRef(id);
  expect(inErp).toHaveLength(1);
  expect(c.order.erpOrderNumber).toBe(inErp[0].number);
  const runs = (await botRuns(id)).reverse();
  expect(runs.map((r) => [r.status, r.outcome, r.step])).toEqual([
    ['failed', null, 'sign in'],
    ['failed', null, 'read the order number'],
    ['succeeded', 'reused', null],
  ]);

  const failed = await api('GET', '/api/ops/bot-runs?status=failed&limit=500', { token: token('olivia') });
  expect((failed.body as { id: string }[]).map((r) => r.id)).toEqual(expect.arrayContaining([runs[0].id, runs[1].id]));
  expect((failed.body as { status: string }[]).every((r) => r.status === 'failed')).toBe(true);
  expect(runs[0].screenshotUrl).toBe(`/api/ops/bot-runs/${runs[0].id}/screenshot.png`);
  const png = await fetch(`${stack.baseUrl}${runs[0].screenshotUrl}`, { headers: { authorization: `Bearer ${token('olivia')}` } });
  expect(png.status).toBe(200);
  expect(png.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await png.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));

  const asRep = await fetch(`${stack.baseUrl}${runs[0].screenshotUrl}`, { headers: { authorization: `Bearer ${token('alice')}` } });
  expect(asRep.status).toBe(403);
  const badQuery = await api('GET', '/api/ops/bot-runs?status=broken', { token: token('olivia') });
  expect(badQuery.status).toBe(400);
  expect(JSON.stringify(badQuery.body)).toContain('status must be succeeded or failed');

  const audit = await api('GET', `/api/contracts/${id}/history`, { token: token('olivia') });
  const types = (audit.body as { type: string }[]).map((e) => e.type).filter((t) => t.startsWith('ORDER_BOT_'));
  expect(types).toEqual(['ORDER_BOT_FAILED', 'ORDER_BOT_FAILED', 'ORDER_BOT_RAN']);
});
