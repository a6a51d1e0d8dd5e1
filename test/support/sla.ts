// Helpers for SLA tests on the time-skipping server: the workflow's clock is the test server's,
// so tests move it to a chosen Shanghai wall-clock time and read deadlines back as wall-clock
// times. Also the contract's history and the mails caught for a task.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { sha256Hex, stableUuid } from '../../src/common/ids';
import { loadConfig } from '../../src/config/env.schema';
import type { CalendarConfig } from '../../src/domain/sla/business-calendar';
import { createCalendarProvider } from '../../src/sla/calendar.provider';
import { type Api, token } from './contracts';
import { eventOf, listMail, type Mail } from './mail';
import { syncEnvClock } from './time-skipping';
import { waitFor } from './wait';

export const ORG_ZONE = 'Asia/Shanghai';

/** "2026-11-23 16:00" in a zone (Shanghai by default) as epoch ms. */
export function wallToMs(text: string, zone = ORG_ZONE): number {
  const dt = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone });
  if (!dt.isValid) throw new Error(`bad wall-clock time ${text}`);
  return dt.toMillis();
}

/** An instant as "Mon 2026-11-23 16:00" in a zone (Shanghai by default), to the minute. */
export function wall(instant: string | number | Date, zone = ORG_ZONE): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  return DateTime.fromMillis(ms, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');
}

/**
 * The first moment after `afterMs` that is `weekday` (1 = Monday) at `time` in Shanghai, in an
 * ordinary week: no holiday, closure or make-up day in the seven days from it, so the expected
 * deadlines of a scenario do not depend on the date the tests run.
 */
export function nextWeekdayAt(afterMs: number, weekday: number, time: string, calendar: CalendarConfig = defaultCalendarAt(afterMs)): number {
  const [hour, minute] = time.split(':').map(Number);
  const special = new Set([...calendar.holidays, ...calendar.closures, ...calendar.makeUpWorkdays]);
  let day = DateTime.fromMillis(afterMs, { zone: ORG_ZONE }).startOf('day');
  for (let i = 0; i < 120; i++, day = day.plus({ days: 1 })) {
    const at = day.set({ hour, minute });
    if (at.weekday !== weekday || at.toMillis() <= afterMs) continue;
    if (Array.from({ length: 7 }, (_, d) => day.plus({ days: d }).toISODate()!).some((d) => special.has(d))) continue;
    return at.toMillis();
  }
  throw new Error(`no ordinary week within 120 days of ${wall(afterMs)}`);
}

/** The calendar the worker builds from the default configuration (CN holidays, no closures). */
function defaultCalendarAt(ms: number): CalendarConfig {
  return createCalendarProvider(loadConfig({ NODE_ENV: 'test' })).calendarAt(new Date(ms));
}

/** Skips the test server's clock (and so every workflow's) forward to `targetMs`; timers due before it fire. */
export async function skipTo(env: TestWorkflowEnvironment, targetMs: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (targetMs <= now) throw new Error(`cannot go back in time: ${wall(targetMs)} is before ${wall(now)}`);
  await env.sleep(targetMs - now);
  // The API's and the worker's clock (test/support/time-skipping.ts) follow the skip.
  await syncEnvClock(env);
}

export interface HistoryEvent {
  type: string;
  stepKey: string | null;
  actor: { kind: string; id: string | null };
  occurredAt: string;
  data: Record<string, any>;
}

export async function history(api: Api, contractId: string): Promise<HistoryEvent[]> {
  const res = await api('GET', `/api/contracts/${contractId}/history`, { token: token('olivia') });
  if (res.status !== 200) throw new Error(`history failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function eventsOf(api: Api, contractId: string, type: string, taskId?: string): Promise<HistoryEvent[]> {
  return (await history(api, contractId)).filter((e) => e.type === type && (!taskId || e.data.taskId === taskId));
}

/** Waits until the contract's history has `count` events of `type` (for the task), then returns them. */
export async function waitForEvents(api: Api, contractId: string, type: string, count: number, taskId?: string): Promise<HistoryEvent[]> {
  return waitFor(async () => {
    const events = await eventsOf(api, contractId, type, taskId);
    return events.length >= count ? events : null;
  }, `${count} × ${type} on contract ${contractId}`);
}

/** Mails about a task (their event key starts with the task id), oldest first; optionally to one user. */
export async function mailsFor(taskId: string, username?: string): Promise<Mail[]> {
  const all = await listMail(username ? `${username}@greenlight.example` : undefined);
  return all.filter((m) => eventOf(m).startsWith(taskId)).reverse();
}

/** Waits until `username` has a mail about the task whose event key contains `marker`. */
export async function waitForMail(taskId: string, username: string, marker: string): Promise<Mail> {
  return waitFor(async () => (await mailsFor(taskId, username)).find((m) => eventOf(m).includes(marker)), `mail ${marker} to ${username}`);
}

export interface TestUserSpec {
  username: string;
  roles: string[];
  /** Username of the manager (a demo user or another test user created earlier). */
  manager: string | null;
  timeZone?: string;
}

/** Id of a user created by ensureTestUser. */
export const testUserId = (username: string) => stableUuid('greenlight-test-user', username);

/**
 * Creates a user who signs in with `dev-<username>`, unless they exist. Test users hold only
 * roles no step draws from a pool (rep, sales_manager), so they never take tasks meant for the
 * demo organisation in other test files.
 */
export async function ensureTestUser(db: DataSource, spec: TestUserSpec): Promise<string> {
  const id = testUserId(spec.username);
  const managerId = spec.manager ? ((await db.query(`SELECT id FROM users WHERE username = $1`, [spec.manager]))[0]?.id ?? null) : null;
  if (spec.manager && !managerId) throw new Error(`no user ${spec.manager} to manage ${spec.username}`);
  await db.query(
    `INSERT INTO users (id, username, display_name, email, roles, manager_id, time_zone) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    [id, spec.username, `${spec.username[0].toUpperCase()}${spec.username.slice(1)} Test`, `${spec.username}@greenlight.example`, spec.roles, managerId, spec.timeZone ?? null],
  );
  await db.query(`INSERT INTO api_tokens (user_id, token_hash, label, is_dev) VALUES ($1, $2, 'test', true) ON CONFLICT DO NOTHING`, [id, sha256Hex(token(spec.username))]);
  return id;
}

/** A step's SLA state as GET /api/contracts/:id shows it (steps[].sla). */
export interface SlaView {
  dueAt: string;
  reminders: { fraction: number; at: string; sentAt?: string }[];
  escalations: { level: number; at: string; toUserId?: string; firedAt?: string }[];
  escalationLevel: number;
  breached: boolean;
  notifiedUserIds: string[];
  toldOfDecision?: string[];
}

/** An open task as GET /api/contracts/:id lists it (openTasks[]). */
export interface OpenTaskView {
  id: string;
  stepKey: string;
  assignee: { id: string; name: string };
  originalAssignee: { id: string; name: string };
  dueAt: string;
  createdAt: string;
}

export const slaOf = (contract: { steps: { key: string }[] }, key: string): SlaView => {
  const s = contract.steps.find((x) => x.key === key) as { sla?: SlaView } | undefined;
  if (!s?.sla) throw new Error(`step ${key} has no SLA state`);
  return s.sla;
};
