// `npm run bench:reports`: is the cycle-time report still fast when history is large? Seeds
// 1,000,000 step decisions (and the matching contracts) into the reporting projections, then
// times GET /api/reports/cycle-times through the real API (in-process Nest app, HTTP, auth,
// JSON) next to the very same four aggregate statements run directly over a pg pool, in the
// same run and interleaved. Goal: the API within 1.5× of the direct SQL and under 500 ms.
//
//   npm run bench:reports [-- --steps 1000000 --iterations 20 --db embedded|env]
//
// Uses its own embedded PostgreSQL unless --db env (DATABASE_URL / DATABASE_ADMIN_URL; the
// seeded rows are then left in that database).
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { startPostgres, type PostgresHandle } from '../scripts/lib/embedded-postgres';
import { getFreePort } from '../scripts/lib/free-port';
import { type AppConfig, loadConfigOrExit } from '../src/config/env.schema';
import { migrate } from '../src/cli/migrate';
import { createApp } from '../src/app.factory';
import { buildReportSql, type ReportFilters } from '../src/reports/cycle-time-report';
import { stepKeysInOrder } from '../src/domain/chain/policy';
import { SLIM_POLICY } from '../src/domain/chain/slim.policy';
import { userId } from '../src/database/seed/demo-organisation';
import { percentile as pct } from './lib/percentile';
import { checkArgs, type CliOption, type CliSpec, numberArg, oneOfArg, parseCli } from '../src/cli/cli-args';

const CLI = {
  usage: 'npm run bench:reports -- [--steps N] [--iterations N] [--db embedded|env]',
  summary: 'The cycle-time report API against the same aggregate run directly in SQL, over a large seeded history.',
  options: {
    steps: { type: 'string', default: '1000000', valueName: 'N', description: 'step decisions to seed' },
    iterations: { type: 'string', default: '20', valueName: 'N', description: 'timed requests per query shape and path' },
    db: { type: 'string', default: 'embedded', valueName: 'embedded|env', description: 'own embedded PostgreSQL, or DATABASE_URL / DATABASE_ADMIN_URL' },
  },
} satisfies CliSpec<Record<string, CliOption>>;
const { values } = parseCli(process.argv.slice(2), CLI);
const { STEPS, ITERATIONS, DB } = checkArgs(CLI, () => ({
  STEPS: numberArg(values.steps, 'steps', { min: 1, integer: true }),
  ITERATIONS: numberArg(values.iterations, 'iterations', { min: 1, integer: true }),
  DB: oneOfArg(values.db, 'db', ['embedded', 'env']),
}));
const HISTORY_DAYS = 730;

/** Share of each step's decisions that a person makes, roughly what the slim chain shows. */
const HUMAN_SHARE: Record<string, number> = {
  credit_check: 0.04,
  compliance_screening: 0.02,
  pricing_review: 0.15,
  sales_manager_approval: 0.25,
  legal_review: 0.08,
  finance_review: 0.06,
  tax_review: 0.01,
  delivery_review: 0.02,
  regional_director_approval: 0.03,
  executive_approval: 0.005,
};
const APPROVER: Record<string, string[]> = {
  credit_check: ['carl'],
  compliance_screening: ['cora'],
  pricing_review: ['dana'],
  sales_manager_approval: ['sam'],
  legal_review: ['lee', 'lena'],
  finance_review: ['fiona'],
  tax_review: ['tom'],
  delivery_review: ['olga'],
  regional_director_approval: ['rita'],
  executive_approval: ['ed', 'frank'],
};

const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function seed(pool: Pool, steps: number): Promise<{ contracts: number; seconds: number }> {
  const keys = stepKeysInOrder(SLIM_POLICY);
  const contracts = Math.ceil(steps / keys.length);
  const started = performance.now();
  const client = await pool.connect();
  try {
    await client.query('SELECT setseed(0.42)');
    await client.query(
      `INSERT INTO contracts (id, title, status, revision, chain_id, policy_version, submitter_id, customer_name, customer_registration_number,
         customer_country, currency, amount, data, workflow_id, submitted_at, completed_at, target_hours, rework_ms)
       SELECT md5('bench-contract-' || i)::uuid, 'Bench contract ' || i,
         CASE WHEN r < 0.97 THEN 'approved' WHEN r < 0.99 THEN 'rejected' ELSE 'in_review' END, 1, 'slim', $2,
         CASE WHEN i % 2 = 0 THEN $3::uuid ELSE $4::uuid END, 'Bench customer', 'BENCH-' || (i % 500),
         CASE WHEN i % 10 = 0 THEN 'DE' ELSE 'CN' END, 'CNY', 190000, '{}'::jsonb, 'bench-' || i,
         t, CASE WHEN r < 0.99 THEN t + make_interval(secs => cyc) END, 72, CASE WHEN i % 25 = 0 THEN 14400000 ELSE 0 END
       FROM (
         SELECT i, random() AS r,
           now() - make_interval(days => ${HISTORY_DAYS}) + make_interval(secs => (i::float8 / $1) * ${HISTORY_DAYS} * 86400) AS t,
           -- log-normal cycle time: median 2 h, a long tail past the 72-hour target
           7200 * exp(1.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) AS cyc
         FROM generate_series(1, $1) AS i) s`,
      [contracts, SLIM_POLICY.version, userId('alice'), userId('bob')],
    );
    await client.query(
      `INSERT INTO report_contract_facts (contract_id, rep_id, customer_country, chain_id, policy_version, submitted_at, status, revision,
         completed_at, elapsed_ms, rework_ms, cycle_ms, target_ms, within_target)
       SELECT c.id, c.submitter_id, c.customer_country, c.chain_id, c.policy_version, c.submitted_at, c.status, 1, c.completed_at, e.ms,
         c.rework_ms, e.ms - c.rework_ms, 259200000, CASE WHEN c.status = 'approved' THEN e.ms - c.rework_ms <= 259200000 END
       FROM contracts c CROSS JOIN LATERAL (SELECT round(extract(epoch FROM c.completed_at - c.submitted_at) * 1000)::bigint + c.rework_ms AS ms) e
       WHERE c.workflow_id LIKE 'bench-%'`,
    );
    // One decision per step and contract; the human share and the approvers per step as above.
    await client.query(
      `INSERT INTO report_step_facts (contract_id, step_key, revision, outcome, decided_by_kind, decided_by_id, approver_id, task_id,
         started_at, task_created_at, decided_at, waiting_ms, processing_ms, due_at, breached, escalation_level,
         rep_id, customer_country, submitted_at)
       SELECT c.id, s.key, 1, CASE WHEN h THEN 'approved' WHEN s.key IN ('regional_director_approval','executive_approval') THEN 'skipped' ELSE 'auto_approved' END,
         CASE WHEN h THEN 'user' ELSE 'rule' END, CASE WHEN h THEN a::text ELSE s.key || '.rule' END,
         CASE WHEN h THEN a END, CASE WHEN h THEN md5(c.id::text || s.key)::uuid END,
         c.submitted_at, CASE WHEN h THEN c.submitted_at END, c.submitted_at + make_interval(secs => (CASE WHEN h THEN w ELSE 40 END) / 1000.0),
         CASE WHEN h THEN w END, CASE WHEN h THEN w ELSE 40 END,
         CASE WHEN h THEN c.submitted_at + interval '26 hours' END, h AND w > 93600000, CASE WHEN h AND w > 93600000 THEN 1 ELSE 0 END,
         c.submitter_id, c.customer_country, c.submitted_at
       FROM contracts c
       CROSS JOIN (SELECT s.key, s.share, u1.id AS first, u2.id AS second
                   FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[]) AS s(key, share, a1, a2)
                   JOIN users u1 ON u1.username = s.a1 JOIN users u2 ON u2.username = s.a2) s
       CROSS JOIN LATERAL (SELECT random() < s.share AS h,
         CASE WHEN abs(hashtext(c.id::text)) % 2 = 0 THEN s.first ELSE s.second END AS a,
         -- log-normal waiting time: median 5 h
         round(18000000 * exp(0.9 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::bigint AS w) d
       WHERE c.workflow_id LIKE 'bench-%'
       LIMIT $5`,
      [
        keys,
        keys.map((k) => HUMAN_SHARE[k] ?? 0),
        keys.map((k) => APPROVER[k]?.[0] ?? 'olivia'),
        keys.map((k) => APPROVER[k]?.[1] ?? APPROVER[k]?.[0] ?? 'olivia'),
        steps,
      ],
    );
    await client.query('VACUUM ANALYZE contracts, report_contract_facts, report_step_facts');
  } finally {
    client.release();
  }
  return { contracts, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const base = loadConfigOrExit();
  let pg: PostgresHandle | undefined;
  let config: AppConfig = base;
  if (DB === 'embedded') {
    process.stderr.write('bench:reports: starting an embedded PostgreSQL…\n');
    pg = await startPostgres({ port: await getFreePort(), persistent: false });
    config = { ...base, DATABASE_URL: pg.appUrl, DATABASE_ADMIN_URL: pg.adminUrl };
  }
  config = { ...config, NODE_ENV: 'test', LOG_LEVEL: 'warn', SEED_DEMO_DATA: true };
  const admin = new Pool({ connectionString: config.DATABASE_ADMIN_URL ?? config.DATABASE_URL, max: 2 });
  const direct = new Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  // An idle connection may still hear the server's shutdown notice after end(): not an error here.
  for (const pool of [admin, direct]) pool.on('error', () => undefined);
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    await migrate(config, () => undefined);
    process.stderr.write(`bench:reports: seeding ${STEPS.toLocaleString('en-US')} step decisions…\n`);
    const seeded = await seed(admin, STEPS);
    const [{ steps, contracts, size }] = (
      await admin.query(`SELECT (SELECT count(*)::int FROM report_step_facts) AS steps, (SELECT count(*)::int FROM report_contract_facts) AS contracts,
         pg_total_relation_size('report_step_facts') + pg_total_relation_size('report_contract_facts') AS size`)
    ).rows;

    // The API needs no Temporal for reports: a lazy connection that is never used.
    const temporalClient = new TemporalClient({ connection: Connection.lazy({ address: config.TEMPORAL_ADDRESS }) });
    app = await createApp(config, { temporalClient });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const baseUrl = `http://127.0.0.1:${port}`;

    const now = new Date();
    const scenarios: { name: string; filters: ReportFilters }[] = [
      { name: `all history (${HISTORY_DAYS} days)`, filters: { from: new Date(now.getTime() - (HISTORY_DAYS + 1) * 86_400_000).toISOString(), to: now.toISOString() } },
      { name: 'last 90 days', filters: { from: new Date(now.getTime() - 90 * 86_400_000).toISOString(), to: now.toISOString() } },
      { name: 'all history, one rep, CN', filters: { from: new Date(now.getTime() - (HISTORY_DAYS + 1) * 86_400_000).toISOString(), to: now.toISOString(), repId: userId('bob'), country: 'CN' } },
    ];

    const out: string[] = [
      `bench:reports — ${steps.toLocaleString('en-US')} step decisions of ${contracts.toLocaleString('en-US')} contracts over ${HISTORY_DAYS} days ` +
        `(seeded in ${seeded.seconds.toFixed(0)} s; projections ${mb(Number(size))} with indexes); ${ITERATIONS} timed runs each after 3 warm-ups`,
      '',
      'scenario                      API p50    API p95    SQL p50    SQL p95   API/SQL (p50)',
    ];
    for (const s of scenarios) {
      const sql = buildReportSql(s.filters);
      const qs = new URLSearchParams({ from: s.filters.from, to: s.filters.to, ...(s.filters.repId ? { repId: s.filters.repId } : {}), ...(s.filters.country ? { country: s.filters.country } : {}) });
      const viaApi = async () => {
        const t = performance.now();
        const res = await fetch(`${baseUrl}/api/reports/cycle-times?${qs}`, { headers: { authorization: 'Bearer dev-olivia' } });
        const body = (await res.json()) as { summary?: { contracts: number } };
        if (res.status !== 200 || !body.summary) throw new Error(`report failed: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        return performance.now() - t;
      };
      const viaSql = async () => {
        const t = performance.now();
        await Promise.all([sql.contracts, sql.decisions, sql.tasks, sql.approvers].map((text) => direct.query(text, sql.params)));
        return performance.now() - t;
      };
      for (let i = 0; i < 3; i++) {
        await viaApi();
        await viaSql();
      }
      const api: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        // Interleaved, so both see the same cache and machine load.
        api.push(await viaApi());
        raw.push(await viaSql());
      }
      api.sort((a, b) => a - b);
      raw.sort((a, b) => a - b);
      out.push(
        `${s.name.padEnd(28)}${ms(pct(api, 0.5)).padStart(9)}  ${ms(pct(api, 0.95)).padStart(9)}  ${ms(pct(raw, 0.5)).padStart(9)}  ${ms(pct(raw, 0.95)).padStart(9)}   ${(pct(api, 0.5) / pct(raw, 0.5)).toFixed(2)}×`,
      );
    }
    const mem = process.memoryUsage();
    out.push('', `memory (this process: API + bench): rss ${mb(mem.rss)}, heap used ${mb(mem.heapUsed)}`, 'goal: API within 1.5× of the direct SQL and under 500 ms');
    console.log(out.join('\n'));
  } finally {
    await app?.close();
    await direct.end();
    await admin.end();
    await pg?.stop();
  }
}

main().catch((err) => {
  console.error('bench:reports failed:', err);
  process.exit(1);
});
