// The status bot on the time-skipping server with real activities: the order-tracking workflow
// reads the order in the demo legacy ERP (RPA worker, REST adapter) every hour of workflow time,
// records confirmed → shipped → invoiced on the contract with the ERP's times (a day and a half to
// ship, three more days to invoice), an audit event per status, one mail to the rep when it ships,
// continues as new along the way, and ends at invoiced.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { type LegacyErp, startLegacyErp } from '../../../src/legacy-erp/legacy-erp.server';
import { OrderEntity } from '../../../src/contracts/order.entity';
import { RestOrderSystem } from '../../../src/rpa/order-system/rest-order-system';
import { createRpaWorker } from '../../../src/rpa-worker';
import { ORDER_TRACKING_WORKFLOW_TYPE, type OrderTrackingInput, orderTrackingWorkflowId } from '../../../workflows/order-tracking/order-tracking.workflow';
import { aContract } from '../../factories/contract.factory';
import { type Api, getContract, submit, token } from '../../support/contracts';
import { eventOf, listMail, waitForMail } from '../../support/mail';
import { http, startTestStack, type TestStack } from '../../support/stack';
import { createTimeSkippingEnv } from '../../support/time-skipping';
import { waitFor } from '../../support/wait';

jest.setTimeout(240_000);

const HOUR = 3_600_000;
const account = { username: 'greenlight-bot', password: 'orderdesk-test' };

let env: TestWorkflowEnvironment;
let stack: TestStack;
let api: Api;
let dir: string;
let erp: LegacyErp;
let rpaWorker: Worker;
let rpaRunning: Promise<void>;
const rpaTaskQueue = `test-rpa-${randomUUID()}`;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  stack = await startTestStack({ env, api: true });
  api = http(stack.baseUrl!);
  dir = mkdtempSync(join(tmpdir(), 'legacy-erp-'));
  erp = await startLegacyErp({ dataFile: join(dir, 'orders.json'), ...account, rest: true });
  rpaWorker = await createRpaWorker(
    { ...stack.config, RPA_TASK_QUEUE: rpaTaskQueue },
    { connection: env.nativeConnection, db: stack.db, orderSystem: new RestOrderSystem({ baseUrl: erp.url, ...account }) },
  );
  rpaRunning = rpaWorker.run();
});

afterAll(async () => {
  rpaWorker?.shutdown();
  await rpaRunning;
  await stack?.stop();
  await env?.teardown();
  await erp?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function order(contractId: string) {
  return stack.db.getRepository(OrderEntity).findOneByOrFail({ contractId });
}

/** Skips workflow time an hour at a time until the contract's order shows `status`. */
async function skipUntil(contractId: string, status: string) {
  for (let hours = 0; hours < 12; hours++) {
    if ((await order(contractId)).erpStatus === status) return;
    await env.sleep('1 hour');
  }
  await waitFor(async () => (await order(contractId)).erpStatus === status, `order status ${status}`, 30_000);
}

test('an ERP order is followed confirmed → shipped → invoiced with the ERP times; the rep gets one mail when it ships', async () => {
  const id = await submit(api, aContract());
  const contract = await waitFor(
    async () => {
      const c = await getContract(api, id);
      return c.status === 'approved' ? c : null;
    },
    'contract approved',
    120_000,
  );
  const t0 = await env.currentTimeMs();
  const entered = await erp.store.create(
    { customerName: contract.customer.name, customerRef: id, lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9500 }], total: 190000, currency: 'CNY', deliveryDate: '2027-03-01', createdBy: 'greenlight-bot' },
    new Date(t0),
  );
  await stack.db.getRepository(OrderEntity).update({ contractId: id }, { erpOrderNumber: entered.number, erpAdapter: 'rest' });

  const input: OrderTrackingInput = { contractId: id, erpOrderNumber: entered.number, rpaTaskQueue, pollEvery: '1 hour', pollsPerRun: 2 };
  const handle = await env.client.workflow.start(ORDER_TRACKING_WORKFLOW_TYPE, { workflowId: orderTrackingWorkflowId(id), taskQueue: stack.config.TEMPORAL_TASK_QUEUE, args: [input] });
  await waitFor(async () => (await order(id)).erpStatus === 'confirmed', 'first poll records confirmed', 60_000);

  const shippedAt = new Date(t0 + 36 * HOUR);
  await erp.store.advance(entered.number, 'warehouse', shippedAt);
  await skipUntil(id, 'shipped');
  const mail = await waitForMail((m) => eventOf(m) === `${id}:order-shipped`, { what: 'the shipped mail' });
  expect(mail.subject).toBe('[Greenlight] Shipped: Harbour licences');
  expect(mail.to).toEqual([expect.stringMatching(/^alice@/)]);

  const invoicedAt = new Date(t0 + 108 * HOUR);
  await erp.store.advance(entered.number, 'billing', invoicedAt);
  await expect(handle.result()).resolves.toEqual({ status: 'invoiced' });

  const final = await order(id);
  expect(final.erpStatus).toBe('invoiced');
  expect(final.erpStatusHistory.map(({ status, at }) => ({ status, at }))).toEqual([
    { status: 'confirmed', at: new Date(t0).toISOString() },
    { status: 'shipped', at: shippedAt.toISOString() },
    { status: 'invoiced', at: invoicedAt.toISOString() },
  ]);
  const view = await getContract(api, id);
  expect(view.order).toMatchObject({ erpOrderNumber: entered.number, erpStatus: 'invoiced' });

  const history = (await api('GET', `/api/contracts/${id}/history`, { token: token('olivia') })).body as { type: string; data: { status: string } }[];
  expect(history.filter((e) => e.type === 'ORDER_STATUS_CHANGED').map((e) => e.data.status)).toEqual(['confirmed', 'shipped', 'invoiced']);
  expect((await listMail()).filter((m) => eventOf(m) === `${id}:order-shipped`)).toHaveLength(1);

  // Hours of polling went by: the run continued as new on the way instead of growing one history.
  const first = await env.client.workflow.getHandle(orderTrackingWorkflowId(id), handle.firstExecutionRunId).describe();
  expect(first.status.name).toBe('CONTINUED_AS_NEW');
});
