// The order-tracking workflow's activity on the main worker: it writes what the status bot read in
// the ERP onto the contract's order (erpStatus and the history with the ERP's times), records an
// ORDER_STATUS_CHANGED audit event per status seen for the first time, and mails the rep once the
// order has shipped. Keys by contract and status, so a retry changes nothing and sends no second mail.
import type { DataSource } from 'typeorm';
import { insertAuditEvents } from '../src/audit/audit.repository';
import type { Clock } from '../src/common/clock';
import { type ErpStatusChange, OrderEntity } from '../src/contracts/order.entity';
import { AUDIT_EVENT_TYPES } from '../src/domain/audit/audit-event-types';
import { withFailureClassification } from './failures';
import type { Notifier } from './notifier';
import type { ErpOrderStatus, OrderTrackingActivities } from './rpa.activity.types';

const ORDER: ErpOrderStatus[] = ['confirmed', 'shipped', 'invoiced'];

export interface OrderTrackingActivityDeps {
  db: DataSource;
  notifier: Notifier;
  clock: Clock;
}

export function createOrderTrackingActivities(deps: OrderTrackingActivityDeps): OrderTrackingActivities {
  const { db, notifier, clock } = deps;
  return withFailureClassification<OrderTrackingActivities>({
    async recordOrderStatus({ contractId, erpOrderNumber, reading }) {
      const now = clock.now().toISOString();
      const result = await db.transaction(async (m) => {
        const repo = m.getRepository(OrderEntity);
        const order = await repo.createQueryBuilder('o').setLock('pessimistic_write').where('o.contract_id = :contractId', { contractId }).getOne();
        if (!order) throw new Error(`contract ${contractId} has no order to track`);
        const known = new Map(order.erpStatusHistory.map((h) => [h.status, h]));
        const recorded: ErpOrderStatus[] = [];
        for (const h of reading.history) {
          const before = known.get(h.status);
          // The ERP's time wins over the one the order bot stamped when it entered the order.
          if (!before || before.at !== h.at) known.set(h.status, { status: h.status, at: h.at, recordedAt: before?.recordedAt ?? now });
          if (!before) recorded.push(h.status);
        }
        if (!known.has(reading.status)) {
          known.set(reading.status, { status: reading.status, at: reading.changedAt ?? now, recordedAt: now });
          recorded.push(reading.status);
        }
        const history: ErpStatusChange[] = ORDER.flatMap((s) => (known.has(s) ? [known.get(s)!] : []));
        await repo.update({ id: order.id }, { erpOrderNumber: order.erpOrderNumber ?? erpOrderNumber, erpStatus: reading.status, erpStatusHistory: history, erpCheckedAt: new Date(now) });
        await insertAuditEvents(
          m,
          recorded.map((status) => ({
            eventKey: `${contractId}:erp-status:${status}`,
            type: AUDIT_EVENT_TYPES.ORDER_STATUS_CHANGED,
            contractId,
            actorKind: 'bot' as const,
            actorId: 'order_status_bot',
            revision: null,
            stepKey: null,
            occurredAt: now,
            data: { erpOrderNumber, status, at: known.get(status)!.at },
          })),
        );
        return { recorded, shipped: known.get('shipped') };
      });
      // After the commit: the mail log keys the mail by its event, so a retry sends it once.
      if (result.shipped) await notifier.sendRepMail({ contractId, eventKey: `${contractId}:order-shipped`, kind: 'order_shipped', at: result.shipped.at });
      return { recorded: result.recorded };
    },
  });
}
