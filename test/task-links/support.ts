// Shared by the mail and task-link integration tests: submitting a contract that needs legal
// review, reading the mail (Mailpit, through test/support/mail.ts), and talking to the task pages like a browser (cookies by hand).
import { randomInt, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { DEMO_USERS, demoEmail, userId } from '../../src/database/seed/demo-organisation';
import { hashTaskLinkToken } from '../../src/task-links/task-link.tokens';
import { aContract, STANDARD_CLAUSES } from '../factories/contract.factory';
import { eventOf, listMail, type Mail, mailSource, type MailOptions } from '../support/mail';
import { http } from '../support/stack';
import { waitFor } from '../support/wait';

export const PUBLIC_BASE_URL = 'https://greenlight.test.example';
export const LINK_PATTERN = /https?:\/\/[^\s"'<>]+\/tasks\/act\/([A-Za-z0-9_-]{43})/;

export const UNLIMITED_LIABILITY =
  "Each party's total liability arising out of or in connection with this Agreement is unlimited liability for data breaches and otherwise limited to the fees paid in the twelve months before the claim.";

export const usernameOf = (id: string): string => DEMO_USERS.find((u) => userId(u.username) === id)!.username;

/** A fresh address per test, so rate limiting and audit queries see only that test's requests. */
export const testIp = (): string => `10.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(1, 255)}`;

/** Submits, as dev-alice, a contract whose liability clause needs legal review; returns its id. */
export async function submitLegalContract(baseUrl: string, titlePrefix = 'Mail test', liability = UNLIMITED_LIABILITY): Promise<{ id: string; title: string }> {
  const title = `${titlePrefix} ${randomUUID().slice(0, 8)}`;
  const clauses = STANDARD_CLAUSES.map((c) => (c.key === 'liability' ? { key: 'liability', text: liability } : c));
  const res = await http(baseUrl)('POST', '/api/contracts', { token: 'dev-alice', body: aContract({ title, clauses }) });
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, title };
}

export interface TaskRow {
  id: string;
  contract_id: string;
  step_key: string;
  revision: number;
  status: string;
  assignee_id: string;
  escalated_to: string[];
  due_at: Date;
  decision: string | null;
  decided_by_id: string | null;
  reason: { ruleId: string; reason: string; problems?: string[] };
}

export async function openTask(db: DataSource, contractId: string, stepKey: string, revision = 1): Promise<TaskRow> {
  return waitFor(
    async () => (await db.query(`SELECT * FROM tasks WHERE contract_id = $1 AND step_key = $2 AND revision = $3 AND status = 'open'`, [contractId, stepKey, revision]))[0],
    `open ${stepKey} task of ${contractId} (revision ${revision})`,
    60_000,
    200,
  );
}

export async function taskRow(db: DataSource, taskId: string): Promise<TaskRow> {
  return (await db.query(`SELECT * FROM tasks WHERE id = $1`, [taskId]))[0];
}

/** Mail caught by Mailpit (MAILPIT_URL unless options.url), newest first; optionally to one address. */
export function messages(to?: string, options?: MailOptions): Promise<Mail[]> {
  return listMail(to, options);
}

export { eventOf };

/** The one message for a mail event to a user, waited for. */
export async function mailFor(username: string, eventKey: string, timeoutMs = 60_000, inbox: () => Promise<Mail[]> = () => messages(demoEmail(username))): Promise<Mail> {
  return waitFor(async () => (await inbox()).find((m) => eventOf(m) === eventKey && m.to.includes(demoEmail(username))), `mail ${eventKey} to ${username}`, timeoutMs, 250);
}

/** The message's source parsed again here (mailparser), independently of Mailpit's parser. */
export async function rawParsed(message: Mail, options?: MailOptions): Promise<ParsedMail> {
  return simpleParser(await mailSource(message, options));
}

export function linkIn(text: string): { url: string; token: string; path: string } {
  const m = LINK_PATTERN.exec(text);
  if (!m) throw new Error(`no task link in:\n${text}`);
  return { url: m[0], token: m[1], path: new URL(m[0]).pathname };
}

export const tokenHash = hashTaskLinkToken;

export interface PageResponse {
  status: number;
  text: string;
  headers: Headers;
  /** The gl_csrf cookie the response set, as "gl_csrf=value". */
  cookie: string | null;
  csrf: string | null;
}

/** A browser-like client for the task pages (it keeps no cookies: each test passes them). */
export function pages(baseUrl: string, ip: string) {
  const send = async (method: string, path: string, opts: { cookie?: string | null; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<PageResponse> => {
    const res = await fetch(baseUrl + path, {
      method,
      redirect: 'manual',
      headers: {
        'x-forwarded-for': ip,
        'user-agent': 'greenlight-test-browser/1.0',
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...(opts.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...opts.headers,
      },
      body: opts.form ? new URLSearchParams(opts.form).toString() : undefined,
    });
    const text = await res.text();
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('gl_csrf='));
    const csrf = /name="csrf" value="([^"]*)"/.exec(text)?.[1] ?? null;
    return { status: res.status, text, headers: res.headers, cookie: setCookie ? setCookie.split(';')[0] : null, csrf };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => send('GET', path, { headers }),
    head: (path: string) => send('HEAD', path),
    post: (path: string, form: Record<string, string>, cookie?: string | null, headers?: Record<string, string>) => send('POST', path, { form, cookie, headers }),
  };
}

export async function rejections(db: DataSource, ip: string): Promise<{ reason: string; contract_id: string | null; origin: Record<string, unknown>; data: Record<string, unknown> }[]> {
  const rows = await db.query(
    `SELECT data->>'reason' AS reason, contract_id, origin, data FROM audit_events WHERE type = 'TASK_LINK_REJECTED' AND origin->>'ip' = $1 ORDER BY id`,
    [ip],
  );
  return rows;
}

export async function decisionsOf(db: DataSource, taskId: string): Promise<{ actor_id: string; data: Record<string, unknown>; origin: Record<string, unknown> | null }[]> {
  return db.query(`SELECT actor_id, data, origin FROM audit_events WHERE type = 'TASK_DECIDED' AND data->>'taskId' = $1 ORDER BY id`, [taskId]);
}

export async function linkRow(db: DataSource, token: string): Promise<{ id: string; used_at: Date | null; superseded_at: Date | null; user_id: string; revision: number; expires_at: Date }> {
  return (await db.query(`SELECT l.* FROM task_link_nonces n JOIN task_links l ON l.id = n.link_id WHERE n.nonce_hash = $1`, [hashTaskLinkToken(token)]))[0];
}
