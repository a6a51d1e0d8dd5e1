// The demo legacy ERP ("OrderDesk"): a small HTTP app with HTML forms only, so the order bot has a
// real system without an API to drive. Sign-in form with a cookie session, a new-order form whose
// result page is the only place the order number appears (redirect after POST), a search by
// customer reference, and operator buttons moving an order confirmed → shipped → invoiced.
// Plain node:http rather than express: express is only a transitive dependency here, and six
// routes with urlencoded forms need nothing from it.
//
// The REST mount (/rest/v1/orders…, HTTP Basic with the same account) is off unless `rest` is set:
// it exists only for the REST adapter, which npm start uses where Chromium is not installed.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loginPage, messagePage, newOrderPage, type OrderFormValues, orderPage, searchPage } from './legacy-erp.pages';
import { ERP_CURRENCIES, type ErpOrder, type ErpOrderLine, LegacyErpStore, type NewErpOrder } from './legacy-erp.store';

export interface LegacyErpOptions {
  /** The JSON file the orders live in. */
  dataFile: string;
  username: string;
  password: string;
  /** Mount /rest/v1/orders (for the REST adapter). */
  rest?: boolean;
  /** Demo only: move every order one status on after this many ms without a change (0 = off). */
  autoAdvanceMs?: number;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  now?: () => Date;
}

export interface LegacyErp {
  url: string;
  store: LegacyErpStore;
  close(): Promise<void>;
}

const SESSION_COOKIE = 'orderdesk_session';
const SESSION_MS = 8 * 3600_000;
const MAX_BODY = 64 * 1024;
const AUTO_ADVANCE_BY = 'auto-advance';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { Location: location, ...headers });
  res.end();
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json');
}

/** A local path to return to after sign-in; anything else goes to the order list. */
function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/orders';
}

const num = (s: string) => (/^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : NaN);

/** Checks an order as the form or the REST mount sends it; the messages name the field. */
export function validateOrder(v: { customerName?: unknown; customerRef?: unknown; lines?: unknown; total?: unknown; currency?: unknown; deliveryDate?: unknown }): { order?: Omit<NewErpOrder, 'createdBy'>; errors: string[] } {
  const errors: string[] = [];
  const text = (x: unknown) => (typeof x === 'string' ? x.trim() : '');
  const customerName = text(v.customerName);
  const customerRef = text(v.customerRef);
  const currency = text(v.currency);
  const deliveryDate = text(v.deliveryDate);
  if (!customerName || customerName.length > 200) errors.push('Customer name: required, at most 200 characters');
  if (!customerRef || customerRef.length > 64) errors.push('Customer reference: required, at most 64 characters');
  if (!ERP_CURRENCIES.includes(currency)) errors.push(`Currency: must be one of ${ERP_CURRENCIES.join(', ')}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(deliveryDate) || Number.isNaN(Date.parse(deliveryDate))) errors.push('Delivery date: must be a date YYYY-MM-DD');
  const total = typeof v.total === 'number' ? v.total : num(text(v.total));
  if (!Number.isFinite(total) || total <= 0) errors.push('Order total: must be a positive number');
  let lines: ErpOrderLine[];
  if (Array.isArray(v.lines)) {
    lines = v.lines.map((l: { sku?: unknown; quantity?: unknown; unitPrice?: unknown }) => ({ sku: text(l?.sku), quantity: Number(l?.quantity), unitPrice: Number(l?.unitPrice) }));
  } else {
    const rows = text(v.lines).split(/\r?\n/).map((r) => r.trim()).filter(Boolean);
    lines = rows.map((r) => {
      const [sku = '', q = '', p = ''] = r.split(';').map((c) => c.trim());
      return { sku, quantity: num(q), unitPrice: num(p) };
    });
  }
  if (lines.length === 0 || lines.length > 200) errors.push('Lines: between 1 and 200 rows');
  lines.forEach((l, i) => {
    if (!l.sku || !Number.isInteger(l.quantity) || l.quantity <= 0 || !Number.isFinite(l.unitPrice) || l.unitPrice < 0) {
      errors.push(`Lines: row ${i + 1} must be "SKU; whole quantity > 0; unit price >= 0"`);
    }
  });
  if (errors.length) return { errors };
  return { order: { customerName, customerRef, lines, total, currency, deliveryDate }, errors };
}

function restView(o: ErpOrder) {
  return { orderNumber: o.number, customerRef: o.customerRef, status: o.status, history: o.history, total: o.total, currency: o.currency };
}

export async function startLegacyErp(options: LegacyErpOptions): Promise<LegacyErp> {
  const now = options.now ?? (() => new Date());
  const store = new LegacyErpStore(options.dataFile);
  const sessions = new Map<string, { user: string; expires: number }>();

  const userOf = (req: IncomingMessage): string | undefined => {
    const token = cookieOf(req, SESSION_COOKIE);
    const s = token ? sessions.get(token) : undefined;
    if (!s || s.expires < now().getTime()) return undefined;
    s.expires = now().getTime() + SESSION_MS;
    return s.user;
  };
  const signedIn = (user: string, pass: string) => sameText(user, options.username) && sameText(pass, options.password);

  async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const [user, pass] = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':') : [];
    if (!user || !signedIn(user, pass ?? '')) {
      res.setHeader('WWW-Authenticate', 'Basic realm="OrderDesk"');
      return json(res, 401, { error: 'authentication required' });
    }
    const m = /^\/rest\/v1\/orders(?:\/(\d+))?$/.exec(url.pathname);
    if (!m) return json(res, 404, { error: 'not found' });
    if (m[1]) {
      if (req.method !== 'GET') return json(res, 405, { error: 'method not allowed' });
      const o = store.byNumber(m[1]);
      return o ? json(res, 200, restView(o)) : json(res, 404, { error: `no order ${m[1]}` });
    }
    if (req.method === 'GET') {
      const ref = url.searchParams.get('customerRef');
      if (!ref) return json(res, 400, { error: 'customerRef: required query parameter' });
      return json(res, 200, store.byCustomerRef(ref).map(restView));
    }
    if (req.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch (err) {
        if (err instanceof HttpError) throw err;
        return json(res, 400, { error: 'body: must be JSON' });
      }
      const { order, errors } = validateOrder((body ?? {}) as Record<string, unknown>);
      if (!order) return json(res, 400, { errors });
      const created = await store.create({ ...order, createdBy: user }, now());
      return json(res, 201, restView(created));
    }
    return json(res, 405, { error: 'method not allowed' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://erp.invalid');
    const path = url.pathname;
    if (path.startsWith('/rest/')) {
      if (!options.rest) return send(res, 404, messagePage('Not found', 'This system has no REST interface.'));
      return handleRest(req, res, url);
    }
    if (path === '/login' && req.method === 'GET') return send(res, 200, loginPage(undefined, safeNext(url.searchParams.get('next'))));
    if (path === '/login' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const next = safeNext(form.get('next'));
      if (!signedIn(form.get('username') ?? '', form.get('password') ?? '')) return send(res, 401, loginPage('Wrong user or password.', next));
      const token = randomBytes(24).toString('base64url');
      sessions.set(token, { user: form.get('username')!, expires: now().getTime() + SESSION_MS });
      return redirect(res, next, { 'Set-Cookie': `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/` });
    }
    if (path === '/logout') {
      const token = cookieOf(req, SESSION_COOKIE);
      if (token) sessions.delete(token);
      return redirect(res, '/login', { 'Set-Cookie': `${SESSION_COOKIE}=; Max-Age=0; Path=/` });
    }
    const user = userOf(req);
    if (!user) return redirect(res, `/login?next=${encodeURIComponent(path + url.search)}`);
    if (path === '/' ) return redirect(res, '/orders');
    if (path === '/orders/new' && req.method === 'GET') return send(res, 200, newOrderPage(user));
    if (path === '/orders' && req.method === 'GET') {
      const ref = (url.searchParams.get('ref') ?? '').trim();
      return send(res, 200, searchPage(user, ref, ref ? store.byCustomerRef(ref) : store.all().slice(-50).reverse()));
    }
    if (path === '/orders' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const values: OrderFormValues = Object.fromEntries(['customerName', 'customerRef', 'lines', 'total', 'currency', 'deliveryDate'].map((k) => [k, form.get(k) ?? '']));
      const { order, errors } = validateOrder(values);
      if (!order) return send(res, 422, newOrderPage(user, values, errors));
      const created = await store.create({ ...order, createdBy: user }, now());
      return redirect(res, `/orders/${created.number}?saved=1`);
    }
    const m = /^\/orders\/(\d+)(\/advance)?$/.exec(path);
    if (m) {
      const order = store.byNumber(m[1]);
      if (!order) return send(res, 404, messagePage('Not found', `There is no order ${m[1]}.`, user));
      if (!m[2] && req.method === 'GET') return send(res, 200, orderPage(user, order, url.searchParams.get('saved') === '1'));
      if (m[2] && req.method === 'POST') {
        await store.advance(order.number, user, now());
        return redirect(res, `/orders/${order.number}`);
      }
    }
    return send(res, 404, messagePage('Not found', 'No such page.', user));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) console.error('legacy ERP:', err);
      if (!res.headersSent) send(res, status, messagePage('Error', err instanceof HttpError ? err.message : 'The system could not process the request.'));
      else res.end();
    });
  });

  let timer: NodeJS.Timeout | undefined;
  if (options.autoAdvanceMs && options.autoAdvanceMs > 0) {
    const every = options.autoAdvanceMs;
    timer = setInterval(() => {
      const t = now().getTime();
      for (const o of store.all()) {
        const last = Date.parse(o.history[o.history.length - 1].at);
        if (o.status !== 'invoiced' && t - last >= every) void store.advance(o.number, AUTO_ADVANCE_BY, now()).catch((err) => console.error('legacy ERP auto-advance:', err));
      }
    }, Math.min(every, 5000));
    timer.unref();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    store,
    async close() {
      if (timer) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.flushed();
    },
  };
}
