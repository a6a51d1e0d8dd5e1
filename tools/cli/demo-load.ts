// `npm run demo:load -- --count N`: submits N contracts of the realistic mix (the simulator's,
// tools/simulation/contract-mix.ts) through the HTTP API as the demo reps, leaves them in flight,
// and prints how many of the step decisions made so far were automatic (from the cycle-time
// report, read as ops). For demos of a running stack (`npm start`).
//
//   npm run demo:load -- [--count 50] [--url http://localhost:3000] [--seed demo] [--concurrency 4]
import 'reflect-metadata';
import { loadConfigOrExit } from '../../src/config/env.schema';
import { type MixKind, mixContract } from '../simulation/contract-mix';
import type { CycleTimeReport } from '../../src/reports/cycle-time-report';
import { checkArgs, type CliOption, type CliSpec, CliUsageError, numberArg, parseCli } from '../../src/cli/cli-args';

export interface DemoLoadOptions {
  baseUrl: string;
  count: number;
  seed: string;
  concurrency?: number;
  /** How long to wait for the rules to finish before reading the report. */
  settleMs?: number;
  log?: (line: string) => void;
}

export interface DemoLoadResult {
  submitted: number;
  kinds: Partial<Record<MixKind, number>>;
  contractIds: string[];
  report: CycleTimeReport;
  /** Contracts now waiting on a person (open tasks) or on the rep (changes requested). */
  waitingOnPeople: number;
  /** Human tasks open now: decisions still to come from people. */
  openTasks: number;
}

async function call(baseUrl: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, body: json as Record<string, unknown> };
}

export async function runDemoLoad(o: DemoLoadOptions): Promise<DemoLoadResult> {
  const log = o.log ?? (() => undefined);
  const started = new Date();
  const kinds: Partial<Record<MixKind, number>> = {};
  const ids: string[] = new Array(o.count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(o.concurrency ?? 4, o.count) }, async () => {
      while (next < o.count) {
        const i = next++;
        const c = mixContract(o.seed, i, new Date());
        kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
        // The key makes a re-run with the same seed submit nothing twice.
        const res = await call(o.baseUrl, 'POST', '/api/contracts', `dev-${c.rep}`, c.submission, { 'idempotency-key': `demo-load-${o.seed}-${i}` });
        if (res.status !== 201) throw new Error(`contract ${i} (${c.kind}) was refused: ${res.status} ${JSON.stringify(res.body)}`);
        ids[i] = res.body.id as string;
      }
    }),
  );
  log(`submitted ${o.count} contracts; waiting for the rules to decide what they can…`);

  // Rules and bots decide in seconds; people do not. Wait until every contract is closed or
  // waits on someone.
  const deadline = Date.now() + (o.settleMs ?? 60_000);
  let waitingOnPeople: number;
  let openTasks: number;
  for (;;) {
    waitingOnPeople = 0;
    openTasks = 0;
    let busy = 0;
    for (const id of ids) {
      const c = (await call(o.baseUrl, 'GET', `/api/contracts/${id}`, 'dev-olivia')).body as { status: string; steps: { status: string }[]; openTasks: unknown[] };
      openTasks += c.openTasks.length;
      if (c.status === 'changes_requested' || (c.status === 'in_review' && c.openTasks.length > 0 && !c.steps.some((s) => s.status === 'in_progress'))) waitingOnPeople += 1;
      else if (c.status === 'in_review') busy += 1;
    }
    if (!busy || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const from = new Date(started.getTime() - 60_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const res = await call(o.baseUrl, 'GET', `/api/reports/cycle-times?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, 'dev-olivia');
  if (res.status !== 200) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { submitted: o.count, kinds, contractIds: ids, report: res.body as unknown as CycleTimeReport, waitingOnPeople, openTasks };
}

const CLI = {
  usage: 'npm run demo:load -- [--count N] [--url URL] [--seed S] [--concurrency C]',
  summary: 'Submits a realistic mix of contracts to a running stack as the demo reps and prints the share of automatic decisions so far.',
  options: {
    count: { type: 'string', default: '50', valueName: 'N', description: 'contracts to submit' },
    url: { type: 'string', valueName: 'URL', description: 'base URL of the API (default PUBLIC_BASE_URL)' },
    seed: { type: 'string', valueName: 'S', description: 'seed of the contract mix (default demo-<now>)' },
    concurrency: { type: 'string', default: '4', valueName: 'C', description: 'submissions in flight' },
  },
} satisfies CliSpec<Record<string, CliOption>>;

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), CLI);
  const args = checkArgs(CLI, () => {
    if (values.url !== undefined && !URL.canParse(values.url)) throw new CliUsageError(`--url must be an absolute URL such as http://localhost:3000, got ${JSON.stringify(values.url)}`);
    return {
      count: numberArg(values.count, 'count', { min: 1, integer: true }),
      concurrency: numberArg(values.concurrency, 'concurrency', { min: 1, integer: true }),
    };
  });
  const config = loadConfigOrExit();
  const result = await runDemoLoad({
    baseUrl: values.url ?? config.PUBLIC_BASE_URL,
    count: args.count,
    seed: values.seed ?? `demo-${Date.now()}`,
    concurrency: args.concurrency,
    log: (line) => console.log(line),
  });
  const s = result.report.summary;
  const mix = Object.entries(result.kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`)
    .join(', ');
  console.log(
    [
      `mix: ${mix}`,
      `closed so far: ${s.approved} approved, ${s.rejected} rejected; ${result.waitingOnPeople} waiting on a person or the rep`,
      `step decisions so far: ${s.stepDecisions}, of which automatic: ${s.automaticShare === null ? '–' : `${(s.automaticShare * 100).toFixed(1)}%`}`,
      `open human tasks: ${result.openTasks} (not decisions yet: the share moves as people decide; GET /api/reports/cycle-times as ops)`,
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error('demo:load failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
