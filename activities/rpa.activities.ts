// The RPA worker's activities: the order bot enters an approved contract's order in the ERP
// through the OrderSystem port (browser or REST adapter). Each run, successful or not, is a
// bot_runs row and an audit event (ORDER_BOT_RAN, ORDER_BOT_FAILED); a failed browser run keeps
// the screenshot of the page where it stopped, for ops.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { insertAuditEvents } from '../src/audit/audit.repository';
import type { Clock } from '../src/common/clock';
import { stableUuid } from '../src/common/ids';
import type { ContractRecordsRepository } from '../src/contracts/contract-records.repository';
import { ContractEntity } from '../src/contracts/contract.entity';
import { OrderEntity } from '../src/contracts/order.entity';
import { AUDIT_EVENT_TYPES } from '../src/domain/audit/audit-event-types';
import type { BotRunsRepository } from '../src/rpa/bot-runs/bot-runs.repository';
import { type OrderSystem, OrderSystemError } from '../src/rpa/order-system/order-system.port';
import { withFailureClassification } from './failures';
import type { ErpOrderResult, RpaActivities } from './rpa.activity.types';

export const ORDER_BOT = 'order_bot';
const ORDER_STEP = 'order_creation';
/** The failure type a workflow sees when the order bot stopped (details: botRunId, step). */
export const ORDER_BOT_FAILED = 'ORDER_BOT_FAILED';

export interface RpaActivityDeps {
  db: DataSource;
  records: ContractRecordsRepository;
  botRuns: BotRunsRepository;
  orderSystem: OrderSystem;
  clock: Clock;
  /**
   * Starts the order's status tracking (workflows/order-tracking), idempotently by contract; the
   * RPA worker passes one built on a Temporal client. Absent: no tracking (tests of the order bot alone).
   */
  startOrderTracking?: (order: { contractId: string; erpOrderNumber: string }) => Promise<void>;
}

function attemptNow(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1; // called outside an activity (tests)
  }
}

export function createRpaActivities(deps: RpaActivityDeps): RpaActivities {
  const { db, records, botRuns, orderSystem, clock } = deps;

  return withFailureClassification<RpaActivities>({
    async createOrder({ contractId, revision }): Promise<ErpOrderResult> {
      // Our own order row first (as the main worker's createOrder), so the contract has its order
      // even while the ERP is away.
      const ours = await db.transaction(async (m) => (await records.orderOf(m, contractId)) ?? records.insertOrder(m, contractId, stableUuid('greenlight-order', contractId)));
      const orderId = 'orderId' in ours ? ours.orderId : ours.id;
      const stored = await db.getRepository(OrderEntity).findOneOrFail({ where: { id: orderId } });
      if (stored.erpOrderNumber && stored.erpAdapter) {
        // A retry after the order was stored: the tracking may not have started yet.
        await deps.startOrderTracking?.({ contractId, erpOrderNumber: stored.erpOrderNumber });
        return { orderId, orderNumber: stored.orderNumber, erpOrderNumber: stored.erpOrderNumber, reused: true, adapter: stored.erpAdapter };
      }
      const c = await db.getRepository(ContractEntity).findOneOrFail({ where: { id: contractId } });
      const runId = randomUUID();
      const attempt = attemptNow();
      const started = clock.now();
      let result: ErpOrderResult;
      try {
        const created = await orderSystem.createOrder({
          contractRef: contractId,
          customerName: c.customerName,
          lines: c.data.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice })),
          total: c.amount,
          currency: c.currency,
          deliveryDate: c.data.requestedDeliveryDate,
        });
        const finished = clock.now();
        const durationMs = Math.max(0, finished.getTime() - started.getTime());
        await db.transaction(async (m) => {
          await m
            .createQueryBuilder()
            .update(OrderEntity)
            // A new ERP order is confirmed; the status bot (order-tracking) follows it from there.
            .set({ erpOrderNumber: created.erpOrderNumber, erpAdapter: orderSystem.adapter, erpStatus: 'confirmed', erpStatusHistory: [{ status: 'confirmed', at: finished.toISOString(), recordedAt: finished.toISOString() }], erpCheckedAt: finished })
            .where('id = :id AND erp_order_number IS NULL', { id: orderId })
            .execute();
          await botRuns.insert(m, {
            id: runId,
            bot: ORDER_BOT,
            contractId,
            adapter: orderSystem.adapter,
            status: 'succeeded',
            outcome: created.reused ? 'reused' : 'created',
            erpOrderNumber: created.erpOrderNumber,
            attempt,
            step: null,
            error: null,
            pageUrl: null,
            screenshot: null,
            durationMs,
            startedAt: started,
            finishedAt: finished,
          });
          await insertAuditEvents(m, [
            {
              eventKey: `${contractId}:order-bot:${runId}`,
              type: AUDIT_EVENT_TYPES.ORDER_BOT_RAN,
              contractId,
              actorKind: 'bot',
              actorId: ORDER_BOT,
              revision,
              stepKey: ORDER_STEP,
              occurredAt: finished.toISOString(),
              data: { botRunId: runId, adapter: orderSystem.adapter, orderNumber: stored.orderNumber, erpOrderNumber: created.erpOrderNumber, outcome: created.reused ? 'reused' : 'created', durationMs, attempt },
            },
          ]);
        });
        result = { orderId, orderNumber: stored.orderNumber, erpOrderNumber: created.erpOrderNumber, reused: created.reused, adapter: orderSystem.adapter };
      } catch (err) {
        const finished = clock.now();
        const e = err instanceof OrderSystemError ? err : new OrderSystemError((err as Error).message, { step: 'enter the order', cause: err });
        const durationMs = Math.max(0, finished.getTime() - started.getTime());
        await db.transaction(async (m) => {
          await botRuns.insert(m, {
            id: runId,
            bot: ORDER_BOT,
            contractId,
            adapter: orderSystem.adapter,
            status: 'failed',
            outcome: null,
            erpOrderNumber: null,
            attempt,
            step: e.details.step,
            error: e.message.slice(0, 2000),
            pageUrl: e.details.pageUrl ?? null,
            screenshot: e.details.screenshot ?? null,
            durationMs,
            startedAt: started,
            finishedAt: finished,
          });
          await insertAuditEvents(m, [
            {
              eventKey: `${contractId}:order-bot:${runId}`,
              type: AUDIT_EVENT_TYPES.ORDER_BOT_FAILED,
              contractId,
              actorKind: 'bot',
              actorId: ORDER_BOT,
              revision,
              stepKey: ORDER_STEP,
              occurredAt: finished.toISOString(),
              data: { botRunId: runId, adapter: orderSystem.adapter, step: e.details.step, error: e.message.slice(0, 500), screenshot: e.details.screenshot !== undefined, durationMs, attempt },
            },
          ]);
        });
        throw ApplicationFailure.create({
          type: ORDER_BOT_FAILED,
          message: `Order bot (${orderSystem.adapter}): ${e.message}`,
          nonRetryable: e.details.refused === true,
          details: [{ botRunId: runId, step: e.details.step, pageUrl: e.details.pageUrl ?? null }],
        });
      }
      // Outside the run: a Temporal hiccup here is retried, and the retry finds the stored order.
      await deps.startOrderTracking?.({ contractId, erpOrderNumber: result.erpOrderNumber });
      return result;
    },

    async readOrderStatus({ erpOrderNumber }) {
      const reading = await orderSystem.orderStatus(erpOrderNumber);
      return { status: reading.status, changedAt: reading.changedAt, history: reading.history };
    },
  });
}
