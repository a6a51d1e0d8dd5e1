// A local mail catcher: a real SMTP server that accepts every message (no auth needed, no TLS)
// and an HTTP inbox to read them, in the browser or as JSON. `npm start` runs it so that task
// e-mails can be read and clicked; integration tests read mail through its JSON API and may stop
// and restart it on the same ports to exercise delivery retries. With a dataDir, messages are
// kept as .eml files and survive a restart.
//
// HTTP:  GET /                      inbox (newest first)
//        GET /messages/:id          one message: HTML body in a sandboxed iframe, text version
//        GET /api/messages[?to=a]   JSON array, newest first; `to` matches To, Cc or the envelope
//        GET /api/messages/:id      JSON
//        GET /api/messages/:id/raw  the message source (.eml)
//        DELETE /api/messages       delete all;  DELETE /api/messages/:id  delete one
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface CaughtMessage {
  id: string;
  /** The Message-ID header, or '' if the sender set none. */
  messageId: string;
  /** Sender address (From header, else the envelope). */
  from: string;
  /** Sender display name, '' if none. */
  fromName: string;
  /** To header addresses. */
  to: string[];
  cc: string[];
  /** What the SMTP client said (MAIL FROM / RCPT TO): includes Bcc recipients. */
  envelope: { from: string; to: string[] };
  subject: string;
  /** Date header (ISO 8601), else the time of receipt. */
  date: string;
  receivedAt: string;
  text: string;
  html: string;
  /** Header name in lower case -> raw value (unfolded); repeated headers are joined with '\n'. */
  headers: Record<string, string>;
}

export interface MailCatcherOptions {
  smtpPort: number;
  httpPort: number;
  /** Keep messages as .eml files here and reload them on start. */
  dataDir?: string;
  /** Called once per accepted message, e.g. to print a line. */
  onMessage?: (message: CaughtMessage) => void;
}

export interface MailCatcher {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  smtpUrl: string;
  /** http://127.0.0.1:<port>, for MAIL_CATCHER_URL. */
  httpUrl: string;
  smtpPort: number;
  httpPort: number;
  /** Newest first. */
  messages(): CaughtMessage[];
  clear(): void;
  /** Resolves with the first message (newest first) matching `predicate`, polling until the timeout. */
  waitForMessage(predicate: (message: CaughtMessage) => boolean, timeoutMs?: number): Promise<CaughtMessage>;
  /** Closes both ports (open SMTP sessions are dropped after a second). */
  stop(): Promise<void>;
}

interface Stored {
  message: CaughtMessage;
  raw: Buffer;
}

interface EnvelopeFile {
  envelope: CaughtMessage['envelope'];
  receivedAt: string;
}

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

function addresses(field: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const out: { address: string; name: string }[] = [];
  const visit = (entries: AddressObject['value']): void => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address) out.push({ address: entry.address, name: entry.name ?? '' });
    }
  };
  for (const object of objects) visit(object.value);
  return out;
}

async function parse(id: string, raw: Buffer, meta: EnvelopeFile | undefined, receivedAt: Date): Promise<CaughtMessage> {
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
  }
  const from = addresses(parsed.from)[0];
  const to = addresses(parsed.to).map((a) => a.address);
  const cc = addresses(parsed.cc).map((a) => a.address);
  const received = meta?.receivedAt ?? receivedAt.toISOString();
  return {
    id,
    messageId: parsed.messageId ?? '',
    from: from?.address ?? meta?.envelope.from ?? '',
    fromName: from?.name ?? '',
    to,
    cc,
    envelope: meta?.envelope ?? { from: from?.address ?? '', to: [...to, ...cc] },
    subject: parsed.subject ?? '',
    date: (parsed.date ?? new Date(received)).toISOString(),
    receivedAt: received,
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    headers,
  };
}

/** Sortable by receipt time, unique within a millisecond. */
function newId(now: Date): string {
  return `${String(now.getTime()).padStart(14, '0')}-${randomBytes(3).toString('hex')}`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

// The inbox shows untrusted HTML; nothing in it may run scripts or fetch from the network.
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; form-action 'self'; base-uri 'none'";
const STYLE = `body{font:14px system-ui,sans-serif;margin:0;color:#222}header{background:#1f6f43;color:#fff;padding:10px 16px;display:flex;gap:16px;align-items:center}
header a{color:#fff}h1{font-size:18px;margin:0;flex:1}table{border-collapse:collapse;width:100%}td,th{padding:6px 12px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
tr:hover{background:#f4f8f5}.meta{padding:8px 16px;background:#f7f7f7}.meta div{margin:2px 0}iframe{width:100%;height:60vh;border:0;border-top:1px solid #ddd}
pre{white-space:pre-wrap;padding:8px 16px;margin:0;border-top:1px solid #ddd}h2{font-size:14px;margin:0;padding:8px 16px;background:#eee}.empty{padding:24px 16px;color:#777}
button{cursor:pointer}`;

function page(title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
  return `<!doctype html><html><head><meta charset="utf-8">${refresh}<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function inboxPage(messages: CaughtMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${escapeHtml(new Date(m.receivedAt).toLocaleString('en-GB'))}</td><td>${escapeHtml(m.fromName ? `${m.fromName} <${m.from}>` : m.from)}</td>` +
        `<td>${escapeHtml(m.to.join(', '))}</td><td><a href="/messages/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  const table = messages.length
    ? `<table><thead><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<div class="empty">No messages yet. This page refreshes every 5 seconds.</div>';
  return page(
    `Inbox (${messages.length})`,
    `<header><h1>Greenlight mail catcher — ${messages.length} message(s)</h1><a href="/api/messages">JSON</a>` +
      `<form method="post" action="/clear"><button type="submit">Delete all</button></form></header>${table}`,
    5,
  );
}

function messagePage(m: CaughtMessage): string {
  // Links open in a new tab, outside the sandbox, so that task links in an e-mail can be followed.
  const srcdoc = `<base target="_blank">${m.html}`;
  const html = m.html
    ? `<h2>HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(srcdoc)}"></iframe>`
    : '';
  return page(
    m.subject || '(no subject)',
    `<header><h1>${escapeHtml(m.subject || '(no subject)')}</h1><a href="/">Inbox</a><a href="/api/messages/${encodeURIComponent(m.id)}">JSON</a>` +
      `<a href="/api/messages/${encodeURIComponent(m.id)}/raw">Source</a></header>` +
      `<div class="meta"><div><b>From:</b> ${escapeHtml(m.fromName ? `${m.fromName} <${m.from}>` : m.from)}</div>` +
      `<div><b>To:</b> ${escapeHtml(m.to.join(', '))}</div>${m.cc.length ? `<div><b>Cc:</b> ${escapeHtml(m.cc.join(', '))}</div>` : ''}` +
      `<div><b>Envelope to:</b> ${escapeHtml(m.envelope.to.join(', '))}</div><div><b>Date:</b> ${escapeHtml(m.date)}</div></div>` +
      `${html}<h2>Text</h2><pre>${escapeHtml(m.text)}</pre>`,
  );
}

export async function createMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const { smtpPort, httpPort, dataDir } = options;
  const store = new Map<string, Stored>();

  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    for (const file of readdirSync(dataDir).filter((name) => name.endsWith('.eml'))) {
      const id = file.slice(0, -'.eml'.length);
      try {
        const raw = readFileSync(join(dataDir, file));
        let meta: EnvelopeFile | undefined;
        try {
          meta = JSON.parse(readFileSync(join(dataDir, `${id}.json`), 'utf8')) as EnvelopeFile;
        } catch {
          meta = undefined;
        }
        const receivedAt = new Date(Number(id.split('-')[0]) || Date.now());
        store.set(id, { message: await parse(id, raw, meta, receivedAt), raw });
      } catch (err) {
        console.error(`[mail] skipping unreadable ${file}: ${(err as Error).message}`);
      }
    }
  }

  const list = (): CaughtMessage[] =>
    [...store.values()].map((s) => s.message).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

  const remove = (id: string): boolean => {
    if (!store.delete(id)) return false;
    if (dataDir) {
      rmSync(join(dataDir, `${id}.eml`), { force: true });
      rmSync(join(dataDir, `${id}.json`), { force: true });
    }
    return true;
  };
  const clear = (): void => {
    for (const id of [...store.keys()]) remove(id);
  };

  const accept = async (raw: Buffer, session: SMTPServerSession): Promise<void> => {
    const now = new Date();
    const id = newId(now);
    const meta: EnvelopeFile = {
      envelope: {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
      },
      receivedAt: now.toISOString(),
    };
    const message = await parse(id, raw, meta, now);
    if (dataDir) {
      writeFileSync(join(dataDir, `${id}.json`), JSON.stringify(meta, null, 2) + '\n');
      writeFileSync(join(dataDir, `${id}.eml`), raw);
    }
    store.set(id, { message, raw });
    options.onMessage?.(message);
  };

  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    hideSTARTTLS: true,
    // Accept any credentials or none: the app may be configured with a user for a real relay.
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    disableReverseLookup: true,
    banner: 'Greenlight mail catcher',
    size: MAX_MESSAGE_BYTES,
    logger: false,
    // A pooled client keeps its connection open; without this, stop() would wait 30 s for it.
    closeTimeout: 1000,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        accept(Buffer.concat(chunks), session).then(
          () => callback(),
          (err: Error) => callback(Object.assign(new Error(`Could not store message: ${err.message}`), { responseCode: 451 })),
        );
      });
    },
  });
  smtp.on('error', (err) => console.error(`[mail] SMTP: ${err.message}`));

  const http: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) sendJson(res, 500, { error: err.message });
      else res.end();
    });
  });

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body, null, 2));
  };
  const sendHtml = (res: ServerResponse, status: number, html: string): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CSP, 'cache-control': 'no-store' });
    res.end(html);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://mail-catcher');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const apiMatch = /^\/api\/messages\/([^/]+)(\/raw)?$/.exec(path);
    const pageMatch = /^\/messages\/([^/]+)$/.exec(path);

    if (method === 'GET' && path === '/') return sendHtml(res, 200, inboxPage(list()));
    if (method === 'POST' && path === '/clear') {
      clear();
      res.writeHead(303, { location: '/' });
      res.end();
      return;
    }
    if (method === 'GET' && pageMatch) {
      const stored = store.get(decodeURIComponent(pageMatch[1]));
      return stored ? sendHtml(res, 200, messagePage(stored.message)) : sendHtml(res, 404, page('Not found', '<p class="empty">No such message. <a href="/">Inbox</a></p>'));
    }
    if (path === '/api/messages') {
      if (method === 'GET') {
        const to = url.searchParams.get('to')?.toLowerCase();
        const matches = to
          ? list().filter((m) => [...m.to, ...m.cc, ...m.envelope.to].some((address) => address.toLowerCase() === to))
          : list();
        return sendJson(res, 200, matches);
      }
      if (method === 'DELETE') {
        clear();
        res.writeHead(204);
        res.end();
        return;
      }
    }
    if (apiMatch) {
      const id = decodeURIComponent(apiMatch[1]);
      const stored = store.get(id);
      if (method === 'DELETE' && !apiMatch[2]) {
        res.writeHead(remove(id) ? 204 : 404);
        res.end();
        return;
      }
      if (method === 'GET') {
        if (!stored) return sendJson(res, 404, { error: `no message ${id}` });
        if (!apiMatch[2]) return sendJson(res, 200, stored.message);
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `inline; filename="${id}.eml"` });
        res.end(stored.raw);
        return;
      }
    }
    sendJson(res, 404, { error: `no route for ${method} ${path}` });
  };

  const listen = (server: { listen: (port: number, host: string, cb: () => void) => unknown; once: (event: 'error', cb: (err: Error) => void) => unknown; removeListener: (event: 'error', cb: (err: Error) => void) => unknown }, port: number, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(new Error(`mail catcher: cannot listen for ${what} on 127.0.0.1:${port}: ${err.message}`));
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.removeListener('error', onError);
        resolve();
      });
    });

  const closeSmtp = (): Promise<void> => new Promise((resolve) => smtp.close(() => resolve()));
  const closeHttp = (): Promise<void> =>
    new Promise((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });

  await listen(smtp.server, smtpPort, 'SMTP');
  try {
    await listen(http, httpPort, 'HTTP');
  } catch (err) {
    await closeSmtp();
    throw err;
  }

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    smtpPort,
    httpPort,
    messages: list,
    clear,
    waitForMessage: async (predicate, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = list().find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`mail catcher: no matching message within ${timeoutMs} ms (${store.size} caught)`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: async () => {
      await Promise.all([closeSmtp(), closeHttp()]);
    },
  };
}
