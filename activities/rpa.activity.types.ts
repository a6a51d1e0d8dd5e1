// The activities the RPA worker runs (src/rpa-worker.ts, task queue RPA_TASK_QUEUE): bots that
// drive outside systems, one browser per slot. Imported by workflows as types only.

export interface ErpOrderResult {
  /** Our order row (orders), as the main worker's createOrder returns it. */
  orderId: string;
  orderNumber: string;
  /** The ERP's order number, read back from the ERP. */
  erpOrderNumber: string;
  /** True when the order was already in the ERP (a retried or repeated run found it by contract reference). */
  reused: boolean;
  adapter: 'browser' | 'rest';
}

export type ErpOrderStatus = 'confirmed' | 'shipped' | 'invoiced';

/** The order's page in the ERP as the status bot read it. */
export interface ErpStatusReading {
  status: ErpOrderStatus;
  changedAt?: string;
  history: { status: ErpOrderStatus; at: string }[];
}

/** The order-tracking workflow's activity on the main queue (activities/order-tracking.activities.ts). */
export interface OrderTrackingActivities {
  /**
   * Records what the status bot read: the order's erpStatus and history (each status once, with
   * the ERP's time), an ORDER_STATUS_CHANGED audit event per new status, and the rep's mail once
   * the order has shipped. Idempotent: keyed by contract and status.
   */
  recordOrderStatus(input: { contractId: string; erpOrderNumber: string; reading: ErpStatusReading }): Promise<{ recorded: ErpOrderStatus[] }>;
}

export interface RpaActivities {
  /**
   * Enters the approved contract's order in the ERP (the same activity name as the main worker's
   * createOrder, which only writes our table: runs started before the RPA queue still find that
   * one on the main queue). Idempotent: our row by contract, the ERP's order by contract reference.
   */
  createOrder(input: { contractId: string; revision: number; eventKey: string }): Promise<ErpOrderResult>;
  /** The status bot: reads the order's status page (or REST resource) in the ERP. */
  readOrderStatus(input: { erpOrderNumber: string }): Promise<ErpStatusReading>;
}
