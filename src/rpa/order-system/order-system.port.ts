// The OrderSystem port: where approved contracts become sales orders and where their status is
// read back. Adapters: the ERP's REST mount (rest-order-system.ts) and its HTML forms driven in
// Chromium (browser-order-system.ts), for ERPs that have no API. createOrder is idempotent by
// contract reference: it looks for the contract's order first, so a bot step retried after a crash
// finds the order it already entered instead of entering a second one.

export const ORDER_STATUSES = ['confirmed', 'shipped', 'invoiced'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLineInput {
  sku: string;
  quantity: number;
  unitPrice: number;
}

export interface NewOrder {
  /** Our contract id: the ERP's customer reference, the key that makes createOrder idempotent. */
  contractRef: string;
  customerName: string;
  lines: OrderLineInput[];
  total: number;
  currency: string;
  /** YYYY-MM-DD */
  deliveryDate: string;
}

export interface OrderStatusChange {
  status: OrderStatus;
  /** ISO timestamp the ERP shows for the change. */
  at: string;
}

export interface OrderStatusReading {
  status: OrderStatus;
  /** When the current status was set, when the ERP shows it. */
  changedAt?: string;
  history: OrderStatusChange[];
}

export interface CreatedOrder {
  erpOrderNumber: string;
  /** True when the contract's order was already in the ERP (a retried or repeated run). */
  reused: boolean;
}

export interface OrderSystem {
  readonly adapter: 'browser' | 'rest';
  findOrderByReference(contractRef: string): Promise<{ erpOrderNumber: string } | null>;
  createOrder(order: NewOrder): Promise<CreatedOrder>;
  orderStatus(erpOrderNumber: string): Promise<OrderStatusReading>;
}

/**
 * A bot run that stopped: what it was doing, and (browser adapter) a PNG of the page where it
 * stopped, which the RPA activity stores for ops with the failed run.
 */
export class OrderSystemError extends Error {
  override name = 'OrderSystemError';
  constructor(
    message: string,
    readonly details: {
      step: string;
      pageUrl?: string;
      screenshot?: Buffer;
      /** The ERP refused the order's data: retrying the same data cannot succeed. */
      refused?: boolean;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
  }
}

export function isOrderStatus(s: string): s is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(s);
}

/** The lines as the legacy ERP's order form takes them: one row per line, "SKU; quantity; unit price". */
export function linesAsFormText(lines: OrderLineInput[]): string {
  return lines.map((l) => `${l.sku}; ${l.quantity}; ${l.unitPrice.toFixed(2)}`).join('\n');
}
