// Drives contracts through the suite's own deployment the way reps and approvers would: submits
// contracts of three kinds (automatic, to be approved by people, to be rejected by legal),
// decides their tasks through the API as the assignee, retries what a fault refused (same
// Idempotency-Key, same decision), and reads the database and Mailpit to tell when
// everything has settled. Every HTTP call goes through RequestLog, so each one is bounded and
// counted.
import { Client as PgClient } from 'pg';
import { Connection, Client as TemporalClient } from '@temporalio/client';
import type { ContractSubmission } from '../../../src/domain/contract/contract.types';
import { aContract, STANDARD_CLAUSES } from '../../factories/contract.factory';
import { eventOf, listMail, type Mail } from '../../support/mail';
import type { FaultCluster } from './cluster';
import { type CaughtMail, type ContractKind, type ContractRow, contractTitle, type DecisionEvent, type MailLogRow, parseTitle, type TaskRow } from './invariants';
import type { RequestLog } from './requests';

const changedLiability = { key: 'liability', text: 'Each party accepts unlimited liability for any damages arising under this Agreement.' };
const REJECT_COMMENT = 'Unlimited liability is not acceptable (fault suite)';
const REP = 'alice';

export function submissionFor(kind: ContractKind, title: string): ContractSubmission {
  if (kind === 'auto') return aContract({ title });
  // A deviating liability clause: legal review and the sales manager must decide.
  return aContract({ title, clauses: [...STANDARD_CLAUSES.filter((c) => c.key !== 'liability'), changedLiability] });
}

interface Submission {
  phase: string;
  kind: ContractKind;
  title: string;
  body: ContractSubmission;
  key?: string;
  id?: string;
  attempts: number;
}

interface PlannedDecision {
  taskId: string;
  contractId: string;
  stepKey: string;
  decision: 'approve' | 'reject';
  comment?: string;
  as: string;
  attempts: number;
  done: boolean;
}

export interface Snapshot {
  contracts: ContractRow[];
  tasks: TaskRow[];
  decisions: DecisionEvent[];
  mailLog: MailLogRow[];
}

export class Driver {
  private readonly submissions: Submission[] = [];
  private readonly decisions = new Map<string, PlannedDecision>();
  private readonly counters = new Map<string, number>();
  private readonly closedWorkflows = new Set<string>();
  private users = new Map<string, string>();
  private readonly runId = Date.now().toString(36);

  constructor(
    private readonly log: RequestLog,
    private readonly cluster: FaultCluster,
  ) {}

  /** The directory, to act as whoever a task is assigned to (dev tokens: dev-<username>). */
  async loadUsers(): Promise<void> {
    const res = await this.log.call('GET', '/api/users', { token: 'dev-olivia' });
    if (res.status !== 200) throw new Error(`GET /api/users: ${res.status} ${JSON.stringify(res.body)}`);
    this.users = new Map((res.body as { id: string; username: string }[]).map((u) => [u.id, u.username]));
  }

  // ------------------------------------------------------------ submissions

  /** Submits one contract; keyed submissions that get no 2xx are retried later with the same key. */
  async submit(phase: string, kind: ContractKind, keyed = true): Promise<string | undefined> {
    const n = (this.counters.get(phase) ?? 0) + 1;
    this.counters.set(phase, n);
    const title = contractTitle(phase, kind, n);
    const s: Submission = { phase, kind, title, body: submissionFor(kind, title), attempts: 0, ...(keyed ? { key: `faults-${this.runId}-${phase}-${n}` } : {}) };
    this.submissions.push(s);
    await this.send(s);
    return s.id;
  }

  private async send(s: Submission): Promise<void> {
    s.attempts++;
    const res = await this.log.call('POST', '/api/contracts', { token: `dev-${REP}`, body: s.body, headers: s.key ? { 'idempotency-key': s.key } : {} });
    // 201 started, 200 the same key again, 202 stored while Temporal was away (started later).
    if (res.status >= 200 && res.status < 300 && typeof res.body?.id === 'string') s.id = res.body.id;
  }

  /** Keyed submissions still without an id: the client retries them, as the 503 invites. */
  pendingSubmissions(): number {
    return this.submissions.filter((s) => s.key && !s.id).length;
  }

  async retrySubmissions(): Promise<void> {
    for (const s of this.submissions.filter((x) => x.key && !x.id)) await this.send(s);
  }

  // ------------------------------------------------------------ decisions

  /** What the suite decides on a task of a contract of this kind (nothing: leave it to the chain). */
  private plan(kind: ContractKind, stepKey: string): { decision: 'approve' | 'reject'; comment?: string } | undefined {
    if (kind === 'approve') return { decision: 'approve' };
    if (kind === 'reject' && stepKey === 'legal_review') return { decision: 'reject', comment: REJECT_COMMENT };
    return undefined;
  }

  /** Plans a decision for every open task the suite should decide (from the database). */
  async planOpenTasks(): Promise<number> {
    const rows = await this.query<{ id: string; contract_id: string; step_key: string; assignee_id: string; title: string }>(
      `SELECT t.id, t.contract_id, t.step_key, t.assignee_id, c.title FROM tasks t JOIN contracts c ON c.id = t.contract_id
       WHERE t.status = 'open' AND c.title LIKE 'faults/%' ORDER BY t.created_at`,
    );
    let added = 0;
    for (const r of rows) {
      if (this.decisions.has(r.id)) continue;
      const parsed = parseTitle(r.title);
      const plan = parsed && this.plan(parsed.kind, r.step_key);
      if (!plan) continue;
      const as = this.users.get(r.assignee_id);
      if (!as) throw new Error(`task ${r.id} is assigned to unknown user ${r.assignee_id}`);
      this.decisions.set(r.id, { taskId: r.id, contractId: r.contract_id, stepKey: r.step_key, as, attempts: 0, done: false, ...plan });
      added++;
    }
    return added;
  }

  pendingDecisions(): PlannedDecision[] {
    return [...this.decisions.values()].filter((d) => !d.done);
  }

  /** Sends one planned decision; a 2xx, or 409 TASK_ALREADY_DECIDED after an unanswered attempt, ends it. */
  async decide(d: PlannedDecision): Promise<void> {
    const retried = d.attempts > 0;
    d.attempts++;
    const res = await this.log.call('POST', `/api/tasks/${d.taskId}/decision`, {
      token: `dev-${d.as}`,
      body: { decision: d.decision, ...(d.comment ? { comment: d.comment } : {}) },
      retriedDecision: retried,
    });
    if (res.status === 200 || res.status === 201) d.done = true;
    else if (res.status === 409 && res.body?.code === 'TASK_ALREADY_DECIDED') d.done = true;
    // A task cancelled meanwhile (the contract was halted elsewhere) is not ours to decide any more.
    if (res.status === 409 && res.body?.details?.status === 'cancelled') d.done = true;
  }

  async decideNext(): Promise<boolean> {
    const next = this.pendingDecisions().sort((a, b) => a.attempts - b.attempts)[0];
    if (!next) return false;
    await this.decide(next);
    return true;
  }

  // ------------------------------------------------------------ reads (load during a fault)

  knownContractIds(): string[] {
    return this.submissions.filter((s) => s.id).map((s) => s.id!);
  }

  async readSomething(i: number): Promise<void> {
    const ids = this.knownContractIds();
    if (i % 3 === 0 && ids.length) await this.log.call('GET', `/api/contracts/${ids[i % ids.length]}`, { token: 'dev-olivia' });
    else if (i % 3 === 1) await this.log.call('GET', '/api/contracts?page=1&pageSize=5', { token: `dev-${REP}` });
    else await this.log.call('GET', '/api/tasks', { token: 'dev-sam' });
  }

  // ------------------------------------------------------------ observation

  /** A short-lived connection per call, so a PostgreSQL restart never leaves the suite holding a dead one. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new PgClient({ connectionString: this.cluster.postgres!.superuserUrl, connectionTimeoutMillis: 5000, statement_timeout: 30_000 });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async snapshot(): Promise<Snapshot> {
    const [contracts, tasks, decisions, mailLog] = await Promise.all([
      this.query<ContractRow>(`SELECT id, title, status, current_steps FROM contracts WHERE title LIKE 'faults/%' ORDER BY submitted_at`),
      this.query<TaskRow>(`SELECT id, contract_id, step_key, revision, status, decision FROM tasks ORDER BY created_at`),
      this.query<DecisionEvent>(
        `SELECT id::text, type, contract_id, data->>'taskId' AS task_id, data->>'decision' AS decision FROM audit_events
         WHERE type IN ('TASK_DECIDED', 'TASK_TIMEOUT_AUTO_APPROVED') ORDER BY id`,
      ),
      this.query<MailLogRow>(
        `SELECT m.event_key, m.recipient_email, m.kind, m.status, m.attempts, m.message_id, m.last_error, t.status AS task_status
         FROM mail_log m LEFT JOIN tasks t ON t.id = m.task_id`,
      ),
    ]);
    return { contracts, tasks, decisions, mailLog };
  }

  /** Every message Mailpit holds, with its envelope recipients (To, Cc and Bcc). */
  async caughtMail(): Promise<CaughtMail[]> {
    return (await listMail(undefined, { url: this.cluster.mailUrl })).map(caught);
  }

  /** Contract ids (of the given ones) whose workflow is still running, asked of Temporal. */
  async runningWorkflows(contractIds: string[]): Promise<Set<string>> {
    const running = new Set<string>();
    const todo = contractIds.filter((id) => !this.closedWorkflows.has(id));
    if (!todo.length) return running;
    const connection = await Connection.connect({ address: this.cluster.temporalAddress, connectTimeout: '5s' });
    try {
      const client = new TemporalClient({ connection });
      for (const id of todo) {
        try {
          const d = await client.workflow.getHandle(`contract-${id}`).describe();
          if (d.status.name === 'RUNNING') running.add(id);
          else this.closedWorkflows.add(id);
        } catch {
          // No workflow at all (never started): not running; the contract's status tells the rest.
        }
      }
    } finally {
      await connection.close();
    }
    return running;
  }

  /** The first mail caught for a contract (any recipient), or undefined. */
  async mailFor(contractId: string, to = `${REP}@greenlight.example`): Promise<CaughtMail | undefined> {
    const messages = await listMail(to, { url: this.cluster.mailUrl }).catch(() => []);
    const found = messages.find((m) => eventOf(m).startsWith(`${contractId}:`));
    return found && caught(found);
  }
}

/** What the invariants need of a message: its envelope recipients are Mailpit's To, Cc and Bcc. */
function caught(mail: Mail): CaughtMail {
  return { id: mail.id, messageId: mail.messageId, envelope: { to: mail.recipients }, subject: mail.subject, headers: mail.headers };
}
