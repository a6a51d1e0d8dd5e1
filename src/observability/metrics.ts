// Every Prometheus metric Greenlight defines, in one place, so the names live here only. Each
// process (the API, each worker) has its own registry and counts only what it did itself;
// Prometheus sums over the processes it scrapes. The business counters move where the fact is
// committed — the audit trail (src/observability/audit-metrics.ts) — so a retried activity, whose
// audit rows are skipped as duplicates, counts nothing twice.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { AUDIT_EVENT_TYPES } from '../domain/audit/audit-event-types';
import { SLIM_POLICY } from '../domain/chain/slim.policy';
import type { InsertedAuditEvent } from './audit-metrics';

export const METRIC_NAMES = {
  contractsSubmitted: 'greenlight_contracts_submitted_total',
  contractsCompleted: 'greenlight_contracts_completed_total',
  cycleTime: 'greenlight_contract_cycle_time_seconds',
  stepDecisions: 'greenlight_step_decisions_total',
  tasksOpen: 'greenlight_tasks_open',
  slaBreaches: 'greenlight_sla_breaches_total',
  mailSent: 'greenlight_mail_sent_total',
  httpRequests: 'http_requests_total',
  httpDuration: 'http_request_duration_seconds',
} as const;

const HOUR = 3600;
/** From automatic contracts (seconds) to the 72-hour target and a fortnight past it. */
export const CYCLE_TIME_BUCKETS = [10, 60, 300, 1800, HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR, 60 * HOUR, 72 * HOUR, 84 * HOUR, 96 * HOUR, 120 * HOUR, 168 * HOUR, 336 * HOUR];

const OUTCOME_OF: Partial<Record<InsertedAuditEvent['type'], string>> = {
  [AUDIT_EVENT_TYPES.CONTRACT_APPROVED]: 'approved',
  [AUDIT_EVENT_TYPES.CONTRACT_REJECTED]: 'rejected',
  [AUDIT_EVENT_TYPES.CONTRACT_WITHDRAWN]: 'withdrawn',
};

/** Decisions a rule took on a step (approve, skip, send back, approve on timeout). */
const RULE_DECISIONS = new Set<string>([AUDIT_EVENT_TYPES.STEP_AUTO_APPROVED, AUDIT_EVENT_TYPES.STEP_SKIPPED, AUDIT_EVENT_TYPES.CHANGES_REQUESTED, AUDIT_EVENT_TYPES.TASK_TIMEOUT_AUTO_APPROVED]);

export type ProcessKind = 'api' | 'worker';

/** One process's registry: default process metrics and the business metrics. */
export class GreenlightMetrics {
  readonly registry = new Registry();
  readonly contractsSubmitted: Counter;
  readonly contractsCompleted: Counter<'outcome'>;
  readonly cycleTime: Histogram;
  readonly stepDecisions: Counter<'step' | 'decided_by'>;
  readonly slaBreaches: Counter<'step'>;
  readonly mailSent: Counter<'kind'>;

  constructor(readonly process: ProcessKind) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.contractsSubmitted = new Counter({ name: METRIC_NAMES.contractsSubmitted, help: 'Contracts submitted (first revision stored), counted by the process that stored them.', registers });
    this.contractsCompleted = new Counter({
      name: METRIC_NAMES.contractsCompleted,
      help: 'Contracts that reached an outcome (approved, rejected, withdrawn), counted by the process that stored it.',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of Object.values(OUTCOME_OF)) this.contractsCompleted.labels(outcome!).inc(0);
    this.cycleTime = new Histogram({
      name: METRIC_NAMES.cycleTime,
      help: 'Wall-clock time from submission to the outcome, time with the rep included (target 72 h).',
      buckets: CYCLE_TIME_BUCKETS,
      registers,
    });
    this.stepDecisions = new Counter({
      name: METRIC_NAMES.stepDecisions,
      help: 'Step decisions by who took them: rule (approved, skipped, sent back, approved on timeout) or user (a task decided).',
      labelNames: ['step', 'decided_by'],
      registers,
    });
    this.slaBreaches = new Counter({ name: METRIC_NAMES.slaBreaches, help: "Tasks whose deadline passed undecided (first escalation, or approval on timeout).", labelNames: ['step'], registers });
    this.mailSent = new Counter({ name: METRIC_NAMES.mailSent, help: 'Mails handed to SMTP (not duplicates the mail log skipped), by template kind.', labelNames: ['kind'], registers });
  }

  /** Counts audit rows this process committed (called after commit by audit-metrics.ts). */
  readonly recordAuditEvents = (events: readonly InsertedAuditEvent[]): void => {
    for (const e of events) {
      const outcome = OUTCOME_OF[e.type];
      if (e.type === AUDIT_EVENT_TYPES.CONTRACT_SUBMITTED) this.contractsSubmitted.inc();
      else if (outcome) {
        this.contractsCompleted.labels(outcome).inc();
        if (e.cycleSeconds !== null && e.cycleSeconds >= 0) this.cycleTime.observe(e.cycleSeconds);
      } else if (e.type === AUDIT_EVENT_TYPES.MAIL_SENT) this.mailSent.labels(String(e.data.kind ?? 'unknown')).inc();
      if (e.stepKey && RULE_DECISIONS.has(e.type) && e.actorKind === 'rule') this.stepDecisions.labels(e.stepKey, 'rule').inc();
      if (e.stepKey && e.type === AUDIT_EVENT_TYPES.TASK_DECIDED) this.stepDecisions.labels(e.stepKey, 'user').inc();
      if (e.stepKey && (e.type === AUDIT_EVENT_TYPES.TASK_TIMEOUT_AUTO_APPROVED || (e.type === AUDIT_EVENT_TYPES.TASK_ESCALATED && Number(e.data.level) === 1))) {
        this.slaBreaches.labels(e.stepKey).inc();
      }
    }
  };

  /** The exposition text (Prometheus text format 0.0.4). */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The API process's registry: the business metrics, HTTP metrics and the open-task gauge. */
export class ApiMetrics extends GreenlightMetrics {
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly tasksOpen: Gauge<'step'>;

  constructor(db: DataSource) {
    super('api');
    const registers = [this.registry];
    this.httpRequests = new Counter({ name: METRIC_NAMES.httpRequests, help: 'HTTP requests answered, by method, route template and status.', labelNames: ['method', 'route', 'status'], registers });
    this.httpDuration = new Histogram({
      name: METRIC_NAMES.httpDuration,
      help: 'Time to answer HTTP requests, by method, route template and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const humanSteps = SLIM_POLICY.steps.filter((s) => s.assignee).map((s) => s.key);
    this.tasksOpen = new Gauge({
      name: METRIC_NAMES.tasksOpen,
      help: 'Open tasks per step, read from the database at scrape time by the API process only (workers do not export it), so it is not multiplied by summing processes.',
      labelNames: ['step'],
      registers,
      async collect() {
        this.reset();
        for (const step of humanSteps) this.labels(step).set(0);
        try {
          const rows: { step_key: string; open: number }[] = await db.query(`SELECT step_key, count(*)::int AS open FROM tasks WHERE status = 'open' GROUP BY step_key`);
          for (const r of rows) this.labels(r.step_key).set(Number(r.open));
        } catch {
          // Database unreachable: no samples this scrape rather than a failed scrape (/health says why).
          this.reset();
        }
      },
    });
  }
}
