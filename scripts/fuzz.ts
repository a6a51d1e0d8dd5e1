// `npm run fuzz` (through scripts/fuzz.sh, which installs schemathesis): property-based API
// fuzzing with schemathesis of the whole OpenAPI document (/api/docs-json), once per role: a rep
// (alice), an approver (sam, the rep's manager) and ops (olivia); then the public one-click task
// pages, which /api/docs leaves out, from scripts/fuzz/task-pages.openapi.json.
//
// Unless FUZZ_BASE_URL names a running stack, it starts its own on free ports, like the
// integration tests do: PostgreSQL (temporary cluster), the Temporal dev server (in memory), the
// Mailpit, then migrates and seeds, and runs the worker and the API as child processes.
// Before each run it submits real contracts through the API, three waiting on sam's
// sales-manager approval and three sent back for changes, and hands their ids, the task ids, the
// e-mailed link tokens and the users' ids to schemathesis as dictionaries (used for half of the
// generated values), so that requests reach past "not found" into decisions, revisions,
// withdrawals, delegations, deadlines and the decision page.
//
// Checks: not_a_server_error, and a per-request timeout where no answer counts as a hung request.
// The seed is fixed and the examples per operation bounded, so a run is repeatable and finite;
// the whole run also has a time budget, past which it stops schemathesis and fails.
// Counts come from schemathesis' HAR report, which holds every request it sent with the status of
// the answer, or 0 when none came within the timeout. Prints operations, requests, 2xx/3xx/4xx/
// 5xx and hung per run and in total, and an example request for each operation that answered
// 5xx or hung. Exit 1 on any 5xx, hang, schemathesis error or a blown budget. Stops exactly the
// processes it started, by pid. Reports and the servers' logs stay in .data/fuzz/<run>/ (the
// last five runs).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { MailpitClient } from 'mailpit-api';
import { startPostgres, type PostgresHandle } from './lib/embedded-postgres';
import { getFreePort } from './lib/free-port';
import { type MailpitHandle, startMailpit } from './lib/mailpit';
import { dataDir, repoRoot } from './lib/paths';
import { type ManagedProcess, spawnManaged } from './lib/processes';
import { waitFor } from './lib/wait';
import { startTemporalDevServer, type TemporalDevServerHandle } from './lib/temporal-dev-server';
import { type HarEntry, header, HTTP_METHODS, merge, newTally, operationNamer, row, type Tally, tallyEntries, verdict } from './fuzz/tally';

const ROLE_OF: Record<string, string> = { alice: 'rep', bob: 'rep', sam: 'approver', lee: 'approver', olivia: 'ops' };
const HEALTH_TIMEOUT_MS = 120_000;
const FIXTURE_TIMEOUT_MS = 120_000;
const FIXTURES_PER_KIND = 3;
const KEPT_RUNS = 5;
const APP_STOP_TIMEOUT_MS = 30_000;

interface Options {
  baseUrl?: string;
  maxExamples: number;
  seed: number;
  requestTimeoutS: number;
  maxMinutes: number;
  roles: string[];
  workers: number;
}

function usage(): string {
  return [
    'Usage: npm run fuzz [-- options]',
    '  --base-url URL          fuzz a running stack (FUZZ_BASE_URL); default: start one on free ports',
    '  --max-examples N        generated cases per operation and phase (FUZZ_MAX_EXAMPLES, default 50)',
    '  --seed S                random seed (FUZZ_SEED, default 11)',
    '  --request-timeout S     seconds before a request counts as hung (FUZZ_REQUEST_TIMEOUT, default 30)',
    '  --max-minutes M         budget for the whole run, servers included (FUZZ_MAX_MINUTES, default 30)',
    '  --roles a,b,c           demo users to fuzz as (FUZZ_ROLES, default alice,sam,olivia)',
    '  --workers N             concurrent schemathesis workers (FUZZ_WORKERS, default 1)',
  ].join('\n');
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      'base-url': { type: 'string' },
      'max-examples': { type: 'string' },
      seed: { type: 'string' },
      'request-timeout': { type: 'string' },
      'max-minutes': { type: 'string' },
      roles: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  const num = (flag: string, env: string, fallback: number, check: (n: number) => boolean, rule: string): number => {
    const raw = (values as Record<string, string | undefined>)[flag] ?? process.env[env];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${flag} (${env}) must be ${rule}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const roles = (values.roles ?? process.env.FUZZ_ROLES ?? 'alice,sam,olivia').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(r in ROLE_OF));
  if (!roles.length || unknown.length) throw new UsageError(`--roles (FUZZ_ROLES) must list demo users among ${Object.keys(ROLE_OF).join(', ')}; got ${unknown.join(', ') || 'none'}`);
  const baseUrl = values['base-url'] ?? process.env.FUZZ_BASE_URL;
  if (baseUrl) {
    try {
      if (!['http:', 'https:'].includes(new URL(baseUrl).protocol)) throw new Error();
    } catch {
      throw new UsageError(`--base-url (FUZZ_BASE_URL) must be an http(s) URL such as http://localhost:3000, got ${JSON.stringify(baseUrl)}`);
    }
  }
  const isInt = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
  return {
    baseUrl: baseUrl?.replace(/\/+$/, ''),
    maxExamples: num('max-examples', 'FUZZ_MAX_EXAMPLES', 50, isInt(1, 100_000), 'an integer from 1 to 100000'),
    seed: num('seed', 'FUZZ_SEED', 11, isInt(0, 2 ** 31 - 1), 'a non-negative integer'),
    requestTimeoutS: num('request-timeout', 'FUZZ_REQUEST_TIMEOUT', 30, (n) => n > 0 && n <= 600, 'a number of seconds from 0 to 600'),
    maxMinutes: num('max-minutes', 'FUZZ_MAX_MINUTES', 30, (n) => n > 0 && n <= 24 * 60, 'a number of minutes up to 1440'),
    roles,
    // One worker: schemathesis' workers are threads, and on Python 3.11 two threads building
    // deeply nested examples at once can trip CPython's shared AST recursion counter
    // ("SystemError: AST constructor recursion depth mismatch", python/cpython#106905), which
    // fails the run for a reason that is not the API's.
    workers: num('workers', 'FUZZ_WORKERS', 1, isInt(1, 64), 'an integer from 1 to 64'),
  };
}

class UsageError extends Error {}

function log(line: string): void {
  console.log(`[fuzz] ${line}`);
}

// ---------------------------------------------------------------------------------------------
// The stack: our own servers, stopped in dependency order, only what was started.

interface Stack {
  baseUrl: string;
  /** undefined when fuzzing someone else's stack: no link tokens then. */
  mail?: MailpitHandle;
  apiLog?: string;
  logsDir?: string;
}

const started: {
  postgres?: PostgresHandle;
  temporal?: TemporalDevServerHandle;
  mail?: MailpitHandle;
  worker?: ManagedProcess;
  api?: ManagedProcess;
  schemathesis?: ManagedProcess;
} = {};
let stopping = false;

async function stopAll(): Promise<void> {
  const quietly = async (what: string, stop?: () => Promise<unknown>): Promise<void> => {
    if (!stop) return;
    try {
      await stop();
    } catch (err) {
      console.error(`[fuzz] stopping ${what} failed: ${(err as Error).message}`);
    }
  };
  const app = (proc?: ManagedProcess) => proc && (() => proc.stop({ signal: 'SIGTERM', timeoutMs: APP_STOP_TIMEOUT_MS }));
  await quietly('schemathesis', started.schemathesis && (() => started.schemathesis!.stop({ signal: 'SIGTERM', timeoutMs: 5_000 })));
  await Promise.all([quietly('API', app(started.api)), quietly('worker', app(started.worker))]);
  await quietly('Mailpit', started.mail?.stop);
  await quietly('Temporal', started.temporal?.stop);
  await quietly('PostgreSQL', started.postgres?.stop);
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await getFreePort());
  return [...ports];
}

async function startStack(logsDir: string): Promise<Stack> {
  const [pgPort, temporalPort, smtpPort, mailHttpPort, apiPort] = await distinctFreePorts(5);
  const results = await Promise.allSettled([
    startPostgres({ port: pgPort, persistent: false, logFile: join(logsDir, 'postgres.log') }).then((h) => (started.postgres = h)),
    startTemporalDevServer({ port: temporalPort, headless: true, logFile: join(logsDir, 'temporal.log') }).then((h) => (started.temporal = h)),
    startMailpit({ smtpPort, httpPort: mailHttpPort, logFile: join(logsDir, 'mailpit.log') }).then((h) => (started.mail = h)),
  ]);
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new Error(`could not start the servers:\n${failed.map((f) => (f.reason as Error).message).join('\n')}`);
  const { postgres, temporal, mail } = started as Required<typeof started>;
  log(`servers ready: PostgreSQL 127.0.0.1:${pgPort}, Temporal ${temporal.address}, SMTP ${mail.smtpUrl}, Mailpit ${mail.httpUrl}`);

  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Dev tokens and demo users are what the fuzzer signs in with; development must be explicit.
    NODE_ENV: 'development',
    ALLOW_DEV_TOKENS: 'true',
    SEED_DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    // Plain text logs: the 500s' stacks are read from them.
    NO_COLOR: '1',
    TOKEN_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: postgres.appUrl,
    DATABASE_ADMIN_URL: postgres.adminUrl,
    TEMPORAL_ADDRESS: temporal.address,
    SMTP_URL: mail.smtpUrl,
    MAILPIT_URL: mail.httpUrl,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: baseUrl,
  };
  const node = (name: string, script: string): ManagedProcess =>
    spawnManaged({ name, command: process.execPath, args: [join(repoRoot, script)], env, cwd: repoRoot, logFile: join(logsDir, `${name}.log`), stopOnExit: true });

  const migrate = node('migrate', 'dist/src/cli/migrate.js');
  const migrated = await migrate.exited;
  if (migrated.code !== 0) throw new Error(`migration failed (${migrated.signal ?? `exit ${migrated.code}`}):\n${migrate.tail(30)}`);

  started.worker = node('worker', 'dist/src/worker.js');
  started.api = node('api', 'dist/src/main.js');
  const { worker, api } = started;
  for (const [name, proc] of [['worker', worker], ['API', api]] as const) {
    void proc.exited.then((info) => {
      if (!stopping) console.error(`[fuzz] the ${name} exited during the run (${info.signal ?? `code ${info.code}`}); its log: ${relative(repoRoot, proc.logFile)}\n${proc.tail(30)}`);
    });
  }
  await waitFor(
    async () => (await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) })).status === 200,
    `the API on ${baseUrl}/health`,
    {
      timeoutMs: HEALTH_TIMEOUT_MS,
      intervalMs: 500,
      abort: () => {
        for (const proc of [api, worker]) {
          const exit = proc.exitInfo();
          if (exit) return `${proc.name} exited (${exit.signal ?? `code ${exit.code}`})`;
        }
        return undefined;
      },
      describe: () => `${api.tail(20)}\n${worker.tail(10)}`,
    },
  );
  log(`API ready on ${baseUrl} (logs in ${relative(repoRoot, logsDir)}/)`);
  return { baseUrl, mail, apiLog: api.logFile, logsDir };
}

// ---------------------------------------------------------------------------------------------
// Fixtures: real ids for the fuzzer, made through the public API only.

interface ClauseLibraryReply {
  clauses?: { key: string; standardText: string; mandatory: boolean }[];
}
interface CustomerReply {
  name: string;
  registrationNumber: string;
  country: string;
}
interface ContractReply {
  status?: string;
  openTasks?: { id: string; stepKey: string }[];
  steps?: { key: string; status: string }[];
}

interface Fixtures {
  contractIds: string[];
  taskIds: string[];
  linkTokens: string[];
  userIds: string[];
}

interface Reply<T> {
  status: number;
  /** Parsed JSON, or the text when it is not JSON; only as typed as what this file reads of it. */
  body: T;
}

async function call<T = unknown>(baseUrl: string, method: string, path: string, as: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer dev-${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T };
}

async function expectOk<T>(what: string, promise: Promise<Reply<T>>): Promise<T> {
  const res = await promise;
  if (res.status < 200 || res.status > 299) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  return res.body;
}

function dateAfter(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function makeFixtures(stack: Stack, runId: string): Promise<Fixtures> {
  const { baseUrl } = stack;
  const library = await expectOk('GET /api/clause-library', call<ClauseLibraryReply | null>(baseUrl, 'GET', '/api/clause-library', 'alice'));
  const customers = await expectOk('GET /api/customers', call<CustomerReply[]>(baseUrl, 'GET', '/api/customers', 'alice'));
  const users = await expectOk('GET /api/users', call<{ id?: unknown }[]>(baseUrl, 'GET', '/api/users', 'alice'));
  const customer = customers.find((c) => c.registrationNumber === '91310000MA1FL0001X') ?? customers[0];
  if (!customer) throw new Error('GET /api/customers returned no customer; is the demo organisation seeded?');
  const clauses = (library?.clauses ?? []).filter((c) => c.mandatory).map((c) => ({ key: c.key, text: c.standardText }));
  // 1,140,000 CNY at 5% off list: above the sales manager's 1 M threshold, within credit and
  // every other rule, so the chain stops at one human step: the rep's manager (sam) approves.
  const submission = {
    title: `Fuzz fixture ${runId}`,
    customer: { name: customer.name, registrationNumber: customer.registrationNumber, country: customer.country },
    currency: 'CNY',
    amount: 1_140_000,
    paymentTermsDays: 30,
    requestedDeliveryDate: dateAfter(90),
    personalData: false,
    lines: [{ sku: 'GL-LIC-STD', quantity: 120, unitPrice: 9_500, taxRatePercent: 6 }],
    clauses,
  };
  // Several of each: the first state-changing request that gets through (a withdrawal, a
  // decision) closes its contract or task, and the later, odder inputs need live targets too.
  const inReview: { id: string; title: string }[] = [];
  const sentBack: { id: string }[] = [];
  for (let i = 1; i <= FIXTURES_PER_KIND; i++) {
    const title = `Fuzz fixture ${runId}: in review ${i}`;
    const created = await expectOk(`submit in-review fixture ${i}`, call<{ id: string }>(baseUrl, 'POST', '/api/contracts', 'alice', { ...submission, title }, { 'idempotency-key': `fuzz-${runId}-review-${i}` }));
    inReview.push({ id: created.id, title });
    // An amount that is not the lines' total: intake sends it back to the rep, so revisions
    // have a real target.
    sentBack.push(
      await expectOk(
        `submit sent-back fixture ${i}`,
        call<{ id: string }>(baseUrl, 'POST', '/api/contracts', 'alice', { ...submission, title: `Fuzz fixture ${runId}: sent back ${i}`, amount: 1_000 }, { 'idempotency-key': `fuzz-${runId}-back-${i}` }),
      ),
    );
  }

  const tasks = new Map<string, string>();
  let last = '';
  await waitFor(
    async () => {
      const steps = (c: ContractReply | undefined) => (c?.steps ?? []).filter((s) => s.status !== 'pending').map((s) => `${s.key}=${s.status}`).join(' ');
      for (const c of inReview) {
        if (tasks.has(c.id)) continue;
        const res = await call<ContractReply | undefined>(baseUrl, 'GET', `/api/contracts/${c.id}`, 'olivia');
        const task = res.body?.openTasks?.find((t) => t.stepKey === 'sales_manager_approval');
        if (task) tasks.set(c.id, task.id);
        else last = `${c.id}: HTTP ${res.status} ${res.body?.status} [${steps(res.body)}]`;
      }
      for (const c of sentBack) {
        const res = await call<ContractReply | undefined>(baseUrl, 'GET', `/api/contracts/${c.id}`, 'olivia');
        if (res.body?.status !== 'changes_requested') {
          last = `${c.id}: HTTP ${res.status} ${res.body?.status} [${steps(res.body)}]`;
          return false;
        }
      }
      return tasks.size === inReview.length;
    },
    `contracts ${inReview.map((c) => c.id).join(', ')} to wait on sam and ${sentBack.map((c) => c.id).join(', ')} to be sent back`,
    { timeoutMs: FIXTURE_TIMEOUT_MS, intervalMs: 500, describe: () => `last seen: ${last}` },
  );

  const linkTokens: string[] = [];
  if (stack.mail) {
    // The task mail to sam names the contract in its subject; its link carries the token.
    const mailpit = new MailpitClient(stack.mail.httpUrl);
    for (const c of inReview) {
      const message = await waitFor(
        async () => {
          const { messages } = await mailpit.listMessages(0, 1000);
          // Mailpit sends null, not [], for an empty address list (the client's types say otherwise).
          const recipients = (m: (typeof messages)[number]) => [m.To, m.Cc, m.Bcc].flatMap((list) => (list as typeof list | null) ?? []);
          const toSam = messages.find((m) => m.Subject.includes(c.title) && recipients(m).some((to) => to.Address.startsWith('sam@')));
          return toSam && mailpit.getMessageSummary(toSam.ID);
        },
        `the task mail to sam about ${c.title}`,
        { timeoutMs: 30_000, intervalMs: 200 },
      ).catch(() => undefined);
      const token = message && /\/tasks\/act\/([A-Za-z0-9_-]{20,})/.exec(`${message.Text}\n${message.HTML}`)?.[1];
      if (token) linkTokens.push(token);
    }
  }
  return {
    contractIds: [...inReview.map((c) => c.id), ...sentBack.map((c) => c.id)],
    taskIds: [...tasks.values()],
    linkTokens,
    userIds: users.map((u) => u.id).filter((id): id is string => typeof id === 'string'),
  };
}

// ---------------------------------------------------------------------------------------------
// schemathesis

/** A TOML basic string: JSON's escapes are a subset of TOML's for the strings used here. */
const toml = (value: string): string => JSON.stringify(value);

/**
 * The config file of one role's run. Path ids, task ids, link tokens and user ids come from the
 * fixtures half of the time and are generated the other half (unknown ids, odd strings).
 */
function schemathesisConfig(fixtures: Fixtures, paths: string[]): string {
  const lines: string[] = ['# Written by scripts/fuzz.ts for one run; see there.', ''];
  const dictionary = (name: string, values: string[]) => {
    if (values.length) lines.push(`[dictionaries.${name}]`, `values = [${values.map(toml).join(', ')}]`, '');
  };
  dictionary('contract-ids', fixtures.contractIds);
  dictionary('task-ids', fixtures.taskIds);
  dictionary('link-tokens', fixtures.linkTokens);
  dictionary('user-ids', fixtures.userIds);
  // Only filters that match an operation of this pass's document: schemathesis warns of the others.
  const bind = (pathRegex: string, parameters: Record<string, string>) => {
    const entries = Object.entries(parameters).filter(([, dict]) => lines.includes(`[dictionaries.${dict}]`));
    if (!entries.length || !paths.some((path) => new RegExp(pathRegex).test(path))) return;
    lines.push('[[operations]]', `include-path-regex = ${toml(pathRegex)}`);
    lines.push(`parameters = { ${entries.map(([key, dict]) => `${toml(key)} = { dictionary = ${toml(dict)}, probability = 0.5 }`).join(', ')} }`, '');
  };
  bind('^/api/contracts/\\{id\\}', { 'path.id': 'contract-ids' });
  bind('^/api/tasks/\\{id\\}/delegate$', { 'path.id': 'task-ids', 'body.toUserId': 'user-ids' });
  bind('^/api/tasks/\\{id\\}(/decision|/deadline)?$', { 'path.id': 'task-ids' });
  bind('^/api/users/me/out-of-office$', { 'body.delegateUserId': 'user-ids' });
  bind('^/tasks/act/', { 'path.token': 'link-tokens' });
  return lines.join('\n') + '\n';
}

/** One schemathesis run: an API description, and who sends the requests. */
interface Pass {
  /** Row label and report folder. */
  label: string;
  /** A URL or a file path. */
  schema: string;
  /** Demo user whose dev token goes in every request; none for the public pages. */
  user?: string;
  /** The document's path templates. */
  paths: string[];
}

interface RunResult {
  pass: Pass;
  exitCode: number | null;
  timedOut: boolean;
  harFile: string;
  outputFile: string;
}

async function runSchemathesis(options: Options, stack: Stack, pass: Pass, fixtures: Fixtures, runDir: string, deadline: number): Promise<RunResult> {
  const dir = join(runDir, pass.label.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, ''));
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'schemathesis.toml');
  writeFileSync(configFile, schemathesisConfig(fixtures, pass.paths));
  const harFile = join(dir, 'requests.har');
  const junitFile = join(dir, 'junit.xml');
  const outputFile = join(dir, 'schemathesis.log');
  const st = process.env.FUZZ_SCHEMATHESIS ?? join(repoRoot, '.cache', 'schemathesis-venv', 'bin', 'st');
  const args = [
    '--config-file', configFile,
    '--no-color',
    'run', pass.schema,
    '--url', stack.baseUrl,
    ...(pass.user ? ['--header', `Authorization: Bearer dev-${pass.user}`] : []),
    '--checks', 'not_a_server_error',
    '--max-examples', String(options.maxExamples),
    '--seed', String(options.seed),
    '--request-timeout', String(options.requestTimeoutS),
    // A hang is a finding, not a network blip: never retry it away.
    '--request-retries', '0',
    '--workers', String(options.workers),
    '--continue-on-failure',
    // No example database: the same seed gives the same requests on every machine.
    '--generation-database', 'none',
    // The health checks stop an operation whose schema makes valid data rare; here that data is the point.
    '--suppress-health-check', 'all',
    '--report', 'har,junit',
    '--report-har-path', harFile,
    '--report-junit-path', junitFile,
  ];
  log(`schemathesis: ${pass.label}, ${options.maxExamples} examples per operation, seed ${options.seed}; output in ${relative(repoRoot, outputFile)}`);
  const proc = spawnManaged({
    name: `schemathesis-${relative(runDir, dir)}`,
    command: st,
    args,
    cwd: dir,
    // Nothing of the user's environment (a hooks module, a base URL) changes the run.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', PYTHONNOUSERSITE: '1' },
    logFile: outputFile,
    stopOnExit: true,
  });
  started.schemathesis = proc;
  let timedOut = false;
  const budget = setTimeout(() => {
    timedOut = true;
    void proc.stop({ signal: 'SIGTERM', timeoutMs: 5_000 });
  }, Math.max(0, deadline - Date.now()));
  const exit = await proc.exited;
  clearTimeout(budget);
  started.schemathesis = undefined;
  return { pass, exitCode: exit.code, timedOut, harFile, outputFile };
}

/**
 * Every request schemathesis sent, from its HAR report. A run stopped by the time budget leaves
 * the report unterminated: then the entries written so far are kept (harfile writes each entry
 * whole, indented by 12 spaces, so the last complete one ends with a line "            }").
 */
function readHar(harFile: string, stopped: boolean): HarEntry[] {
  const text = readFileSync(harFile, 'utf8');
  const parse = (json: string) => (JSON.parse(json) as { log: { entries: HarEntry[] } }).log.entries;
  try {
    return parse(text);
  } catch (err) {
    const lastEntryEnd = text.lastIndexOf('\n            }');
    if (stopped && lastEntryEnd > 0) {
      try {
        return parse(`${text.slice(0, lastEntryEnd + '\n            }'.length)}]}}`);
      } catch {
        // fall through to the error below
      }
    }
    if (stopped) return [];
    throw new Error(`cannot read the schemathesis report ${relative(repoRoot, harFile)}: ${(err as Error).message}`, { cause: err });
  }
}

/** A run's reports take some 20 MB (the HAR files): keep the newest few runs only. */
function pruneOldRuns(fuzzDir: string, keep: number): void {
  if (!existsSync(fuzzDir)) return;
  const runs = readdirSync(fuzzDir)
    .filter((name) => /^\d{8}T\d{6}$/.test(name))
    .sort();
  for (const name of runs.slice(0, Math.max(0, runs.length - keep))) rmSync(join(fuzzDir, name), { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = Date.now();
  const deadline = startedAt + options.maxMinutes * 60_000;
  const runId = new Date(startedAt).toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const runDir = join(dataDir, 'fuzz', runId);
  pruneOldRuns(join(dataDir, 'fuzz'), KEPT_RUNS - 1);
  mkdirSync(runDir, { recursive: true });

  // A schemathesis run still going at the deadline is stopped and the summary printed; this
  // stops everything else (a stack that never gets healthy, a fixture that never settles) a
  // minute later, wherever it is.
  const budget = setTimeout(() => {
    console.error(`[fuzz] FAILED: the run exceeded its budget of ${options.maxMinutes} minutes (--max-minutes); stopping`);
    void shutdown(1);
  }, options.maxMinutes * 60_000 + 60_000);
  budget.unref();

  const stack: Stack = options.baseUrl ? { baseUrl: options.baseUrl } : await startStack(join(runDir, 'logs'));
  if (options.baseUrl) log(`fuzzing the running stack at ${options.baseUrl}`);

  const doc = await expectOk('GET /api/docs-json', call<{ paths?: Record<string, object> }>(stack.baseUrl, 'GET', '/api/docs-json', 'alice'));
  const pagesFile = join(repoRoot, 'scripts', 'fuzz', 'task-pages.openapi.json');
  const pages = JSON.parse(readFileSync(pagesFile, 'utf8')) as { paths: Record<string, object> };
  const name = operationNamer({ paths: { ...doc.paths, ...pages.paths } });
  const countOps = (paths: Record<string, object> = {}) =>
    Object.values(paths).reduce<number>((n, ops) => n + Object.keys(ops).filter((k) => HTTP_METHODS.has(k)).length, 0);

  const passes: Pass[] = [
    ...options.roles.map((user) => ({ label: `${user} (${ROLE_OF[user]})`, schema: `${stack.baseUrl}/api/docs-json`, user, paths: Object.keys(doc.paths ?? {}) })),
    // The e-mailed decision pages are public and not in /api/docs; they need a real link token.
    ...(stack.mail ? [{ label: 'task pages (public)', schema: pagesFile, paths: Object.keys(pages.paths) }] : []),
  ];
  const results: { pass: Pass; tally: Tally; run: RunResult }[] = [];
  for (const pass of passes) {
    const fixtures = await makeFixtures(stack, `${runId}-${pass.user ?? 'public'}`);
    log(`fixtures for ${pass.label}: ${fixtures.contractIds.length} contracts, ${fixtures.taskIds.length} open tasks, ${fixtures.linkTokens.length} link tokens`);
    const run = await runSchemathesis(options, stack, pass, fixtures, runDir, deadline);
    // A signal stopped schemathesis mid-report; shutdown() is already stopping everything.
    if (stopping) return 130;
    const t = newTally();
    tallyEntries(t, existsSync(run.harFile) ? readHar(run.harFile, run.timedOut) : [], name);
    results.push({ pass, tally: t, run });
    log(`${pass.label}: schemathesis exit ${run.exitCode}${run.timedOut ? ' (stopped: time budget spent)' : ''}; ${t.requests} requests, ${t.byClass['5xx']} 5xx, ${t.hung} hung`);
    if (run.timedOut) break;
  }

  const total = newTally();
  for (const r of results) merge(total, r.tally);
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  console.log('');
  console.log(`Fuzz summary (schemathesis, seed ${options.seed}, ${options.maxExamples} examples per operation, request timeout ${options.requestTimeoutS} s, ${seconds} s)`);
  console.log(header());
  for (const r of results) console.log(row(r.pass.label, r.tally));
  console.log(row('total', total));
  const pagesFuzzed = passes.some((p) => p.schema === pagesFile);
  console.log(
    `operations described: ${countOps(doc.paths)} in /api/docs-json` +
      (pagesFuzzed ? `, ${countOps(pages.paths)} task pages (scripts/fuzz/task-pages.openapi.json)` : '; task pages not fuzzed (their link tokens come by mail, which only a stack of our own lets us read)'),
  );
  if (total.problems.size) {
    console.log('\n5xx and hung requests, by operation (first example of each):');
    for (const [key, p] of [...total.problems].sort((a, b) => b[1].count - a[1].count)) console.log(`  ${key}: ${p.count}\n      ${p.example}`);
    if (stack.apiLog) console.log(`The API's log, with the stack of every 500: ${relative(repoRoot, stack.apiLog)}`);
  }
  console.log(`Reports (HAR of every request, JUnit, schemathesis output): ${relative(repoRoot, runDir)}/`);

  const failures = verdict({
    total,
    requestTimeoutS: options.requestTimeoutS,
    maxMinutes: options.maxMinutes,
    runs: passes.map((pass) => {
      const r = results.find((x) => x.pass === pass);
      return { label: pass.label, exitCode: r ? r.run.exitCode : null, finished: r !== undefined && !r.run.timedOut, tally: r?.tally ?? newTally(), outputFile: r ? relative(repoRoot, r.run.outputFile) : '' };
    }),
  });
  if (failures.length) {
    console.log(`\nFUZZ FAILED: ${failures.join('; ')}`);
    return 1;
  }
  console.log('\nfuzz passed: no 5xx, no hung request');
  return 0;
}

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  await stopAll();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`[fuzz] ${signal} received; stopping`);
    void shutdown(130);
  });
}

main()
  .then((code) => shutdown(code))
  .catch((err: Error) => {
    // Errors while a signal stops the servers under us are its consequence, not news.
    if (stopping) return;
    console.error(err instanceof UsageError ? `fuzz: ${err.message}\n${usage()}` : `[fuzz] FAILED: ${err.stack ?? err.message}`);
    return shutdown(err instanceof UsageError ? 2 : 1);
  });
