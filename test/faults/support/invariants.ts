// What the fault suite asserts, as pure functions over what it collected (request records,
// rows of the database, messages Mailpit caught). Each returns a list of problems, one
// line each, empty when the invariant holds; invariants.spec.ts shows each one failing.
import type { RequestRecord, Window } from './requests';

// ---------------------------------------------------------------- requests

/** Every request gets an answer: a 2xx, a 503 with Retry-After, or (for a retried decision) 409 TASK_ALREADY_DECIDED. */
export function requestProblems(records: RequestRecord[], deadlineMs: number): string[] {
  const problems: string[] = [];
  const group = (bad: RequestRecord[], say: (n: number, sample: RequestRecord) => string) => {
    const byRoute = new Map<string, RequestRecord[]>();
    for (const r of bad) byRoute.set(`${r.route}|${r.window}`, [...(byRoute.get(`${r.route}|${r.window}`) ?? []), r]);
    for (const [, list] of byRoute) problems.push(say(list.length, list[0]));
  };
  const when: Record<Window, string> = { before: 'before the kill', during: 'while down', after: 'after the restart' };
  const where = (r: RequestRecord) => `${r.route} (${when[r.window]})`;
  group(
    records.filter((r) => r.status === 0 && r.failure === 'deadline'),
    (n, r) => `${n}× no answer within ${(deadlineMs / 1000).toFixed(0)} s: ${where(r)}`,
  );
  group(
    records.filter((r) => r.status === 0 && r.failure !== 'deadline'),
    (n, r) => `${n}× connection failed (${r.failure}): ${where(r)}`,
  );
  group(
    records.filter((r) => r.status >= 500 && r.status !== 503),
    (n, r) => `${n}× HTTP ${r.status}${r.code ? ` ${r.code}` : ''}: ${where(r)}`,
  );
  group(
    records.filter((r) => r.status === 503 && !r.retryAfter),
    (n, r) => `${n}× 503 without Retry-After${r.code ? ` (${r.code})` : ''}: ${where(r)}`,
  );
  group(
    records.filter((r) => r.status >= 400 && r.status < 500 && !(r.status === 409 && r.code === 'TASK_ALREADY_DECIDED' && r.retriedDecision)),
    (n, r) => `${n}× unexpected HTTP ${r.status}${r.code ? ` ${r.code}` : ''}: ${where(r)}`,
  );
  return problems;
}

/** "201×3 200×12 503×4 none×2", most frequent first. */
export function statusTally(records: RequestRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) {
    const key = r.status === 0 ? (r.failure === 'deadline' ? 'hung' : 'refused') : String(r.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
}

export function inWindow(records: RequestRecord[], phase: string, window: Window): RequestRecord[] {
  return records.filter((r) => r.phase === phase && r.window === window);
}

// ---------------------------------------------------------------- contracts

export type ContractKind = 'auto' | 'approve' | 'reject';

/** The state each kind of contract must end in, given what the suite decides on it. */
export const EXPECTED_STATUS: Record<ContractKind, string> = {
  auto: 'approved', // standard clauses: every step decided by rule or bot
  approve: 'approved', // a deviating clause: the suite approves every task
  reject: 'rejected', // a deviating clause: the suite rejects legal review
};

/** Titles carry the phase and kind, so a contract stored during a fault (even one the API never named) can be judged. */
export function contractTitle(phase: string, kind: ContractKind, n: number): string {
  return `faults/${phase}/${kind}/${n}`;
}

export function parseTitle(title: string): { phase: string; kind: ContractKind } | undefined {
  const m = /^faults\/([^/]+)\/(auto|approve|reject)\/\d+$/.exec(title);
  return m ? { phase: m[1], kind: m[2] as ContractKind } : undefined;
}

export interface ContractRow {
  id: string;
  title: string;
  status: string;
  current_steps?: string[];
}

export interface TaskRow {
  id: string;
  contract_id: string;
  step_key: string;
  revision: number;
  status: string;
  decision: string | null;
}

/** Each contract is in the state its decisions imply; open contracts say where they stand. */
export function contractProblems(contracts: ContractRow[], tasks: TaskRow[], workflowOpen: Set<string> = new Set()): string[] {
  const problems: string[] = [];
  for (const c of contracts) {
    const parsed = parseTitle(c.title);
    if (!parsed) continue;
    const expected = EXPECTED_STATUS[parsed.kind];
    const mine = tasks.filter((t) => t.contract_id === c.id);
    if (c.status !== expected) {
      const open = mine.filter((t) => t.status === 'open').map((t) => t.step_key);
      problems.push(
        `contract ${c.id} (${c.title}) is ${c.status}, expected ${expected}` +
          `${c.current_steps?.length ? `; at ${c.current_steps.join(', ')}` : ''}${open.length ? `; open tasks: ${open.join(', ')}` : ''}`,
      );
      continue;
    }
    if (workflowOpen.has(c.id)) problems.push(`contract ${c.id} (${c.title}) is ${c.status} but its workflow is still running`);
    const decided = mine.filter((t) => t.status === 'decided');
    if (parsed.kind === 'approve' && decided.some((t) => t.decision !== 'approve')) {
      problems.push(`contract ${c.id} (${c.title}): a task was decided ${decided.find((t) => t.decision !== 'approve')!.decision}, the suite only approved`);
    }
    if (parsed.kind === 'reject' && !decided.some((t) => t.step_key === 'legal_review' && t.decision === 'reject')) {
      problems.push(`contract ${c.id} (${c.title}) is rejected, but not by the suite's legal_review rejection`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- tasks

export interface DecisionEvent {
  id: string;
  type: string;
  contract_id: string;
  task_id: string | null;
  decision: string | null;
}

/** No task decided twice: by the tasks table (one decided task per step and revision) and by the audit trail. */
export function taskProblems(tasks: TaskRow[], decisions: DecisionEvent[], closedContracts: Set<string>): string[] {
  const problems: string[] = [];
  const perTask = new Map<string, DecisionEvent[]>();
  for (const e of decisions) {
    if (!e.task_id) {
      problems.push(`audit event #${e.id} ${e.type} names no task`);
      continue;
    }
    perTask.set(e.task_id, [...(perTask.get(e.task_id) ?? []), e]);
  }
  for (const [taskId, events] of perTask) {
    if (events.length > 1) problems.push(`task ${taskId} decided ${events.length}× in the audit trail (${events.map((e) => `#${e.id} ${e.decision ?? e.type}`).join(', ')})`);
  }
  const perStep = new Map<string, TaskRow[]>();
  for (const t of tasks) {
    const key = `${t.contract_id}/${t.step_key}/r${t.revision}`;
    perStep.set(key, [...(perStep.get(key) ?? []), t]);
    const events = perTask.get(t.id) ?? [];
    if (t.status === 'decided' && events.length === 0) problems.push(`task ${t.id} (${t.step_key}) is decided in the tasks table but has no decision in the audit trail`);
    if (t.status !== 'decided' && events.length > 0) problems.push(`task ${t.id} (${t.step_key}) has a decision in the audit trail but its row is ${t.status}`);
    if (t.status === 'decided' && events.length === 1 && events[0].decision && events[0].decision !== t.decision) {
      problems.push(`task ${t.id} (${t.step_key}) is decided ${t.decision} in the tasks table but ${events[0].decision} in the audit trail`);
    }
    if (t.status === 'open' && closedContracts.has(t.contract_id)) problems.push(`task ${t.id} (${t.step_key}) is still open on closed contract ${t.contract_id}`);
  }
  for (const [key, list] of perStep) {
    const decided = list.filter((t) => t.status === 'decided');
    if (decided.length > 1) problems.push(`step ${key} has ${decided.length} decided tasks (${decided.map((t) => `${t.id} ${t.decision}`).join(', ')})`);
  }
  return problems;
}

// ---------------------------------------------------------------- mail

export interface CaughtMail {
  id: string;
  messageId: string;
  envelope: { to: string[] };
  subject: string;
  headers: Record<string, string>;
}

export interface MailLogRow {
  event_key: string;
  recipient_email: string;
  kind: string;
  status: string;
  attempts: number;
  message_id: string;
  last_error: string | null;
  /** Status of the task the mail is about (null for mail about the contract). */
  task_status: string | null;
}

/**
 * A task mail whose task closed before SMTP took it is skipped on purpose (the notifier sends no
 * assignment or reminder for a task already decided or cancelled); its mail_log row keeps the
 * failed attempts' status. Only a "decided elsewhere" note is still due for a decided task.
 */
export function skippedByDesign(row: MailLogRow): boolean {
  if (row.status === 'sent' || row.task_status === null) return false;
  if (row.kind === 'task_decided_elsewhere') return row.task_status === 'cancelled';
  return row.task_status === 'decided' || row.task_status === 'cancelled';
}

/**
 * Exactly one mail per (recipient, event): every message the catcher holds is counted per
 * envelope recipient and X-Greenlight-Event, and matched with the mail_log row that recorded it.
 */
export function mailProblems(messages: CaughtMail[], log: MailLogRow[]): string[] {
  const problems: string[] = [];
  const caught = new Map<string, CaughtMail[]>();
  for (const m of messages) {
    const event = m.headers['x-greenlight-event'];
    if (!event) {
      problems.push(`message ${m.id} "${m.subject}" has no X-Greenlight-Event header`);
      continue;
    }
    for (const to of m.envelope.to) {
      const key = `${to.toLowerCase()} ${event}`;
      caught.set(key, [...(caught.get(key) ?? []), m]);
    }
  }
  for (const [key, list] of caught) {
    if (list.length > 1) {
      const ids = new Set(list.map((m) => m.messageId));
      problems.push(`${list.length} mails for (${key.replace(' ', ', ')})${ids.size === 1 ? ' with the same Message-ID (sent again after the first was accepted)' : ` with ${ids.size} different Message-IDs`}`);
    }
  }
  const logged = new Set<string>();
  for (const row of log) {
    const key = `${row.recipient_email.toLowerCase()} ${row.event_key}`;
    logged.add(key);
    if (row.status === 'sent' && !caught.has(key)) problems.push(`mail_log says sent, but the catcher never got (${row.recipient_email}, ${row.event_key})`);
    // A task mail the SMTP server accepted just before the worker died stays 'sending' (the mark
    // never committed); its retry then skips it because the task has closed meanwhile. Delivered
    // once is what counts: a second copy would be reported above.
    if (row.status !== 'sent' && !skippedByDesign(row)) {
      problems.push(`mail (${row.recipient_email}, ${row.event_key}) still ${row.status} after ${row.attempts} attempt(s)${row.last_error ? `: ${row.last_error}` : ''}${caught.has(key) ? ' (the catcher has it)' : ''}`);
    }
  }
  for (const key of caught.keys()) {
    if (!logged.has(key)) problems.push(`the catcher got (${key.replace(' ', ', ')}) but mail_log has no row for it`);
  }
  return problems;
}

// ---------------------------------------------------------------- the table

export interface FaultRow {
  fault: string;
  inFlight: number;
  requests: number;
  statuses: string;
  maxLatencyMs: number | null;
  hung: number;
  recoveryMs: number | null;
  settledMs: number | null;
  problems: string[];
  notes: string[];
}

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

/** The table of faults survived, plain text, one row per fault. */
export function formatTable(rows: FaultRow[]): string {
  const header = ['fault', 'in flight', 'requests during fault', 'statuses', 'max latency', 'recovery', 'settled', 'result'];
  const body = rows.map((r) => [
    r.fault,
    String(r.inFlight),
    String(r.requests),
    r.statuses || '—',
    r.hung ? `${seconds(r.maxLatencyMs)} (${r.hung} hung)` : seconds(r.maxLatencyMs),
    seconds(r.recoveryMs),
    seconds(r.settledMs),
    r.problems.length ? `FAILED (${r.problems.length} problem${r.problems.length > 1 ? 's' : ''})` : 'survived',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)];
  for (const r of rows) {
    if (!r.problems.length && !r.notes.length) continue;
    out.push('', `${r.fault}:`);
    for (const p of r.problems) out.push(`  ✗ ${p}`);
    for (const n of r.notes) out.push(`  · ${n}`);
  }
  return out.join('\n');
}
