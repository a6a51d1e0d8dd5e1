// The one place that reads process.env. Every setting is declared here with its default and
// validated once at boot; an invalid value stops the process with a message naming the variable.
import { z } from 'zod';
import { SLIM_POLICY } from '../domain/chain/slim.policy';
import { LOCALES } from '../directory/locale';
import { DEV_TOKEN_SECRET, MIN_SECRET_BYTES, SECRET_HINT, tokenSecretProblem } from './token-secret';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol.replace(':', ''));
    } catch {
      return false;
    }
  }, `must be a URL with scheme ${protocols.join(' or ')}`);

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

const dateList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .refine((days) => days.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), 'must be a comma-separated list of YYYY-MM-DD dates');

/** Steps a person decides in the shipped policy: the only ones that can approve on timeout. */
const HUMAN_STEPS = SLIM_POLICY.steps.filter((s) => s.assignee).map((s) => s.key);

const humanStepList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .refine((keys) => keys.every((k) => HUMAN_STEPS.includes(k)), `must be a comma-separated list of steps a person decides: ${HUMAN_STEPS.join(', ')}`);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

export const envSchema = z.object({
  /**
   * Secure by default: production unless told otherwise (`npm start`, the tests and the dev tools
   * set development or test). Production refuses a weak TOKEN_SECRET, dev tokens and demo data.
   */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** json: one JSON object per line (pino), for log collectors; pretty: pino-pretty, for a person at a terminal. */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /**
   * A worker's GET /metrics (Prometheus text: its own metrics and the Temporal SDK's) on this port,
   * bound to HOST; 0 turns it off. Two workers on one machine need two ports. The API serves
   * /metrics on PORT.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface the API binds; loopback by default, 0.0.0.0 in containers. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Base of every link in e-mail; never taken from a request's Host header. */
  PUBLIC_BASE_URL: url(['http', 'https']).default('http://localhost:3000'),

  DATABASE_URL: url(['postgres', 'postgresql']).default('postgres://greenlight_app:greenlight_app@127.0.0.1:5433/greenlight'),
  /** Owner role that runs migrations; defaults to DATABASE_URL. */
  DATABASE_ADMIN_URL: url(['postgres', 'postgresql']).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Bounds on every application connection (PostgreSQL session settings, in ms): a statement
   * running longer, a wait for any lock (rows, the audit chain's advisory lock) longer, or a
   * transaction left idle longer is ended, so one stuck transaction cannot stop every workflow.
   */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),

  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('greenlight-contracts'),
  TEMPORAL_UI_URL: url(['http', 'https']).default('http://localhost:8233'),
  /** Set false against servers without the custom search attributes registered. */
  TEMPORAL_SEARCH_ATTRIBUTES: bool.default(true),
  /**
   * Deadlines on the API's calls to Temporal, in ms: starts, queries and describes; Updates
   * (decisions, revisions, withdrawals, delegations, deadline changes), which wait for the
   * worker. Past them the caller gets 503 with Retry-After; a retry is safe (same workflow id or
   * update id). The API connects lazily, so it boots and serves reads while Temporal is away.
   */
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  TEMPORAL_UPDATE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /**
   * The worker's reconciler starts the workflow of every contract stored without one (Temporal
   * was unreachable at submit): it looks every INTERVAL ms at contracts stored more than AFTER ms ago.
   */
  WORKFLOW_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  WORKFLOW_RECONCILE_AFTER_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
  /**
   * The workflow stack traces of Temporal UI's "Stack Trace" tab (the SDK's __stack_trace query).
   * Off by default: to answer that query the SDK records where every promise a workflow creates
   * was made (a V8 promise hook), and on a contract workflow that was about half of its CPU
   * (`npm run bench:replay`). Turn it on in a worker while finding out where a workflow waits;
   * Greenlight's own pages say which step and task a contract waits on either way. The SDK has no
   * option for this; patches/README.md says how the switch reaches it.
   */
  WORKFLOW_STACK_TRACES: bool.default(false),

  SMTP_URL: url(['smtp', 'smtps']).default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('Greenlight <greenlight@example.com>'),
  /** Mailpit's web UI and JSON API (/api/v1); `npm start` sets it. The app itself sends only by SMTP_URL. */
  MAILPIT_URL: url(['http', 'https']).optional(),

  /**
   * Secret for one-click task links (the row key and the CSRF pair; the link itself carries a
   * random nonce). Required in production: 32+ random bytes as 64+ hex or 43+ base64 characters.
   * Outside production it defaults to a published development value.
   */
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TASK_LINK_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(168),
  TASK_LINK_MAX_FAILURES_PER_15_MIN: z.coerce.number().int().min(1).default(20),
  /** Dev tokens `dev-<username>` are accepted only outside production (true there stops the process). */
  ALLOW_DEV_TOKENS: bool.optional(),
  /** Demo users, dev tokens and customers: default on outside production; true in production stops the process. */
  SEED_DEMO_DATA: bool.optional(),
  /**
   * Web app sessions (cookie greenlight_session, POST /api/session): ended after this many hours
   * unused, and after SESSION_MAX_DAYS whatever the use.
   */
  SESSION_IDLE_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  SESSION_MAX_DAYS: z.coerce.number().positive().max(90).default(7),

  ORG_TIME_ZONE: timeZone.default('Asia/Shanghai'),
  /**
   * The language of users who chose none (users.locale NULL): mails, the decision page and the web
   * app's default. 'en' keeps the mails as they were before users had a locale.
   */
  DEFAULT_LOCALE: z.enum(LOCALES).default('en'),
  WORK_START: hhmm.default('09:00'),
  WORK_END: hhmm.default('18:00'),
  HOLIDAY_COUNTRY: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code').default('CN'),
  COMPANY_CLOSURE_DAYS: dateList.default([]),
  /** Official make-up working days (weekend days worked in exchange for a holiday bridge). */
  MAKEUP_WORKDAYS: dateList.default([]),
  CONTRACT_TARGET_HOURS: z.coerce.number().positive().max(24 * 60).default(72),
  /**
   * Low-risk steps whose task is approved by rule timeout_auto_approved when its SLA passes
   * undecided, instead of escalating. Empty: none. Contracts record the policy version with a
   * `+auto-timeout:<steps>` suffix.
   */
  AUTO_APPROVE_ON_TIMEOUT_STEPS: humanStepList.default([]),

  /**
   * The order bot (src/rpa/order-system): where the ERP is and the account it signs in with.
   * `browser` drives its HTML forms in Chromium (CHROMIUM_PATH); `rest` uses its REST mount
   * (the demo ERP serves it only with ERP_REST_ENABLED); `none`: no ERP, orders stay in our table.
   * Set the same for the API (it tells new workflows to use the RPA worker) and the RPA worker.
   */
  ORDER_SYSTEM_ADAPTER: z.enum(['none', 'browser', 'rest']).default('none'),
  ERP_URL: url(['http', 'https']).default('http://127.0.0.1:3090'),
  ERP_USERNAME: z.string().min(1).default('greenlight-bot'),
  ERP_PASSWORD: z.string().min(1).default('orderdesk-demo'),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** The RPA worker's task queue and how many bot activities (one browser each) it runs at once. */
  RPA_TASK_QUEUE: z.string().min(1).default('greenlight-rpa'),
  RPA_BROWSER_SLOTS: z.coerce.number().int().min(1).max(16).default(2),
  /** How often the status bot reads an order's status in the ERP, until it is invoiced. */
  ORDER_STATUS_POLL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(3600),
  /** The demo legacy ERP (src/legacy-erp, run by npm start): its port, data file, REST mount, auto-advance (0 = off). */
  ERP_PORT: z.coerce.number().int().min(1).max(65535).default(3090),
  ERP_DATA_FILE: z.string().min(1).default('.data/legacy-erp/orders.json'),
  ERP_REST_ENABLED: bool.default(false),
  ERP_AUTO_ADVANCE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(0),
});

type ParsedEnv = z.infer<typeof envSchema>;

/** The validated settings; TOKEN_SECRET and SEED_DEMO_DATA resolved for the environment. */
export type AppConfig = Omit<ParsedEnv, 'TOKEN_SECRET' | 'SEED_DEMO_DATA'> & { TOKEN_SECRET: string; SEED_DEMO_DATA: boolean };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment (process.env by default); throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const problems = productionProblems(parsed.data);
  if (problems.length) throw new ConfigError(`Invalid configuration (NODE_ENV=production):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const production = parsed.data.NODE_ENV === 'production';
  return {
    ...parsed.data,
    TOKEN_SECRET: parsed.data.TOKEN_SECRET ?? DEV_TOKEN_SECRET,
    SEED_DEMO_DATA: parsed.data.SEED_DEMO_DATA ?? !production,
  };
}

/**
 * What production refuses, one line per variable: a missing, published or low-entropy
 * TOKEN_SECRET (anyone could compute CSRF fields and task-link row keys), dev tokens (anyone could
 * act as anyone) and demo seeding (users with published tokens). For a local run, set
 * NODE_ENV=development, as `npm start` and the tests do.
 */
function productionProblems(env: ParsedEnv): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  const local = 'for a local, non-production run set NODE_ENV=development';
  if (env.TOKEN_SECRET === undefined) {
    problems.push(`TOKEN_SECRET: is required in production (at least ${MIN_SECRET_BYTES} random bytes); ${SECRET_HINT}; ${local}`);
  } else {
    const problem = tokenSecretProblem(env.TOKEN_SECRET);
    if (problem) problems.push(`TOKEN_SECRET: ${problem}`);
  }
  if (env.ALLOW_DEV_TOKENS === true) problems.push(`ALLOW_DEV_TOKENS: dev tokens (dev-<username>) are refused in production; unset it or set false (${local})`);
  if (env.SEED_DEMO_DATA === true) problems.push(`SEED_DEMO_DATA: demo users with published dev tokens are refused in production; unset it or set false (${local})`);
  return problems;
}

export function devTokensAllowed(config: AppConfig): boolean {
  return config.NODE_ENV !== 'production' && config.ALLOW_DEV_TOKENS !== false;
}

/** Loads config or prints the problem and exits: for process entry points. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
