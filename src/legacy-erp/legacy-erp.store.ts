// The demo legacy ERP's own storage: one JSON file (default .data/legacy-erp/orders.json), written
// atomically (a temporary file renamed over the old one), so a crash mid-write leaves the previous
// state, never half a file. Writes are serialised in this process; the ERP is a single process.
import { mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const ERP_STATUSES = ['confirmed', 'shipped', 'invoiced'] as const;
export type ErpStatus = (typeof ERP_STATUSES)[number];
/** The currencies the ERP books orders in (the ones Greenlight's intake accepts). */
export const ERP_CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'SGD'];

export interface ErpOrderLine {
  sku: string;
  quantity: number;
  unitPrice: number;
}

export interface ErpOrder {
  /** Ten digits, given by the ERP when the order is saved (shown only on the order's page). */
  number: string;
  customerName: string;
  /** The customer's reference: Greenlight puts its contract id here. */
  customerRef: string;
  lines: ErpOrderLine[];
  total: number;
  currency: string;
  deliveryDate: string;
  status: ErpStatus;
  history: { status: ErpStatus; at: string; by: string }[];
  createdAt: string;
  createdBy: string;
}

interface StoreFile {
  nextNumber: number;
  orders: ErpOrder[];
}

export type NewErpOrder = Omit<ErpOrder, 'number' | 'status' | 'history' | 'createdAt'>;

export class LegacyErpStore {
  private data: StoreFile;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      this.data = JSON.parse(readFileSync(file, 'utf8')) as StoreFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.data = { nextNumber: 4500000001, orders: [] };
    }
  }

  byNumber(number: string): ErpOrder | undefined {
    return this.data.orders.find((o) => o.number === number);
  }

  byCustomerRef(ref: string): ErpOrder[] {
    return this.data.orders.filter((o) => o.customerRef === ref);
  }

  all(): ErpOrder[] {
    return [...this.data.orders];
  }

  async create(order: NewErpOrder, now: Date): Promise<ErpOrder> {
    const at = now.toISOString();
    const created: ErpOrder = { ...order, number: String(this.data.nextNumber), status: 'confirmed', history: [{ status: 'confirmed', at, by: order.createdBy }], createdAt: at };
    this.data.nextNumber += 1;
    this.data.orders.push(created);
    await this.save();
    return created;
  }

  /** Moves the order one status on (confirmed → shipped → invoiced); false when it is already invoiced. */
  async advance(number: string, by: string, now: Date): Promise<boolean> {
    const order = this.byNumber(number);
    if (!order) return false;
    const next = ERP_STATUSES[ERP_STATUSES.indexOf(order.status) + 1];
    if (!next) return false;
    order.status = next;
    order.history.push({ status: next, at: now.toISOString(), by });
    await this.save();
    return true;
  }

  /** Resolves once every write issued so far is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.data, null, 2);
    const tmp = `${this.file}.${process.pid}.tmp`;
    const next = this.writing.then(async () => {
      await writeFile(tmp, snapshot);
      await rename(tmp, this.file);
    });
    // A failed write fails its own request; the next write starts from the current state again.
    this.writing = next.catch(() => undefined);
    return next;
  }
}
