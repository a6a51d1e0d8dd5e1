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

export interface RpaActivities {
  /**
   * Enters the approved contract's order in the ERP (the same activity name as the main worker's
   * createOrder, which only writes our table: runs started before the RPA queue still find that
   * one on the main queue). Idempotent: our row by contract, the ERP's order by contract reference.
   */
  createOrder(input: { contractId: string; revision: number; eventKey: string }): Promise<ErpOrderResult>;
}
