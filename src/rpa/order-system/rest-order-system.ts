// The OrderSystem adapter for an ERP with a REST API: the demo ERP's /rest/v1/orders mount (HTTP
// Basic with the bot's account). npm start uses it where Chromium is not installed.
import { type CreatedOrder, isOrderStatus, type NewOrder, type OrderStatusReading, type OrderSystem, OrderSystemError } from './order-system.port';

interface RestOrder {
  orderNumber: string;
  status: string;
  history: { status: string; at: string }[];
}

export interface RestOrderSystemOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** Per request, ms. */
  timeoutMs?: number;
}

export class RestOrderSystem implements OrderSystem {
  readonly adapter = 'rest' as const;
  private readonly auth: string;

  constructor(private readonly options: RestOrderSystemOptions) {
    this.auth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  async findOrderByReference(contractRef: string): Promise<{ erpOrderNumber: string } | null> {
    const found = await this.call<RestOrder[]>('find', 'GET', `/rest/v1/orders?customerRef=${encodeURIComponent(contractRef)}`);
    return found.length ? { erpOrderNumber: found[0].orderNumber } : null;
  }

  async createOrder(order: NewOrder): Promise<CreatedOrder> {
    const existing = await this.findOrderByReference(order.contractRef);
    if (existing) return { ...existing, reused: true };
    const { contractRef, ...rest } = order;
    const created = await this.call<RestOrder>('create', 'POST', '/rest/v1/orders', { ...rest, customerRef: contractRef });
    return { erpOrderNumber: created.orderNumber, reused: false };
  }

  async orderStatus(erpOrderNumber: string): Promise<OrderStatusReading> {
    const o = await this.call<RestOrder>('status', 'GET', `/rest/v1/orders/${encodeURIComponent(erpOrderNumber)}`);
    const history = o.history.filter((h) => isOrderStatus(h.status)).map((h) => ({ status: h.status as OrderStatusReading['status'], at: h.at }));
    if (!isOrderStatus(o.status)) throw new OrderSystemError(`ERP order ${erpOrderNumber} has status "${o.status}", which the bot does not know`, { step: 'status' });
    return { status: o.status, changedAt: history.at(-1)?.at, history };
  }

  private async call<T>(step: string, method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.options.baseUrl).toString();
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { Authorization: this.auth, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (cause) {
      throw new OrderSystemError(`ERP REST ${method} ${path} failed: ${(cause as Error).message}`, { step, pageUrl: url, cause });
    }
    if (!res.ok) throw new OrderSystemError(`ERP REST ${method} ${path} answered ${res.status}: ${(await res.text()).slice(0, 500)}`, { step, pageUrl: url, refused: res.status === 400 || res.status === 422 });
    return (await res.json()) as T;
  }
}
