// `npm run bench:audit` (and the second part of `npm run bench`): audit-trail throughput when
// many writers persist workflow progress at once. Every audit insert takes the chain's one
// advisory lock until commit, so how long a writer holds it bounds the whole system's rate.
//
// N concurrent writers each persist automatic contracts the way the activities do: one
// transaction per progress batch (16 batches, 31 audit events per contract). Two code paths,
// interleaved round by round on the same server and the same growing table:
//   before — the code as it was: audit rows inserted one statement per row, in the middle of
//            the batch, so the lock is held through the remaining inserts and the report writes;
//   after  — applyProgress as it is: the report writes first, then one multi-row INSERT last,
//            so the lock is held from that statement to commit.
// Prints events/s, p50/p99 latency per batch, how long each batch held the chain lock, the
// after/before ratios, memory, and finally verifies the whole chain. The lock is taken inside the
// first audit INSERT, which the client cannot see, so two figures bracket it: "wait+hold" from
// issuing the first audit INSERT to COMMIT returning (includes queueing for the lock behind other
// writers; exactly the hold time with 1 writer), and "held" from that INSERT returning to COMMIT
// returning (a lower bound: it leaves out the first INSERT's own execution once the lock was granted).
//
//   npm run bench:audit [-- --writers 1,4,16 --contracts 60 --rounds 2 --durable on|off --db embedded|env]
//
// Uses its own embedded PostgreSQL (fsync and synchronous_commit on unless --durable off, as a
// production server would run) unless --db env (DATABASE_URL / DATABASE_ADMIN_URL; the rows it
// writes are then left in that database).
import 'reflect-metadata';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { startPostgres } from '../scripts/lib/embedded-postgres';
import { getFreePort } from '../scripts/lib/free-port';
import { verifyAuditChain } from '../src/audit/audit-chain';
import { AuditRepository } from '../src/audit/audit.repository';
import { migrate } from '../src/cli/migrate';
import { loadConfig } from '../src/config/env.schema';
import { applyProgress, updateContractProgress, upsertSteps } from '../src/contracts/contract-progress.repository';
import { createAppDataSource } from '../src/database/data-source';
import type { AuditEventInput } from '../src/domain/audit/audit-event-types';
import type { ProgressBatch } from '../src/domain/chain/engine.types';
import { projectProgress } from '../src/reports/report-projection';
import { automaticRun, storeContract } from '../test/audit/support/progress-batches';
import { percentile } from './lib/percentile';
import { checkArgs, type CliOption, type CliSpec, numberArg, oneOfArg, parseCli } from '../src/cli/cli-args';

const CLI = {
  usage: 'npm run bench:audit -- [--writers 1,4,16] [--contracts N] [--rounds N] [--durable on|off] [--db embedded|env]',
  summary: "Audit-trail throughput with concurrent writers: today's write path against the previous one.",
  options: {
    writers: { type: 'string', default: '1,4,16', valueName: 'list', description: 'concurrent writers per series, comma-separated' },
    contracts: { type: 'string', default: '60', valueName: 'N', description: 'contracts per writer and round' },
    rounds: { type: 'string', default: '2', valueName: 'N', description: 'interleaved rounds of each variant' },
    durable: { type: 'string', default: 'on', valueName: 'on|off', description: 'fsync and synchronous_commit of the embedded PostgreSQL' },
    db: { type: 'string', default: 'embedded', valueName: 'embedded|env', description: 'own embedded PostgreSQL, or DATABASE_URL / DATABASE_ADMIN_URL' },
  },
} satisfies CliSpec<Record<string, CliOption>>;
const { values } = parseCli(process.argv.slice(2), CLI);
const { WRITERS, CONTRACTS, ROUNDS, DURABLE, DB } = checkArgs(CLI, () => ({
  WRITERS: values.writers.split(',').map((w) => numberArg(w.trim(), 'writers', { min: 1, integer: true })),
  CONTRACTS: numberArg(values.contracts, 'contracts', { min: 1, integer: true }),
  ROUNDS: numberArg(values.rounds, 'rounds', { min: 1, integer: true }),
  DURABLE: oneOfArg(values.durable, 'durable', ['on', 'off']) === 'on',
  DB: oneOfArg(values.db, 'db', ['embedded', 'env']),
}));

type Variant = 'before' | 'after';

/** The audit insert as it was: one statement per event. */
async function insertAuditEventsRowByRow(m: EntityManager, events: AuditEventInput[]): Promise<void> {
  for (const e of events) {
    await m.query(
      `INSERT INTO audit_events (event_key, contract_id, type, actor_kind, actor_id, revision, step_key, occurred_at, origin, data)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (event_key) DO NOTHING`,
      [e.eventKey, e.contractId, e.type, e.actorKind, e.actorId, e.revision, e.stepKey, e.occurredAt, e.origin ? JSON.stringify(e.origin) : null, JSON.stringify(e.data)],
    );
  }
}

/** applyProgress as it was: a statement per step, audit rows in the middle, so the chain lock spans the report writes. */
async function applyProgressBefore(m: EntityManager, batch: ProgressBatch): Promise<void> {
  for (const step of batch.steps) await upsertSteps(m, batch.contractId, [step]);
  await updateContractProgress(m, batch.contractId, batch.contract);
  await insertAuditEventsRowByRow(m, batch.events);
  await projectProgress(m, batch);
}

const APPLY: Record<Variant, (m: EntityManager, batch: ProgressBatch) => Promise<void>> = { before: applyProgressBefore, after: applyProgress };

interface Sample {
  batchMs: number;
  /** First audit INSERT issued → COMMIT returned. */
  waitAndHoldMs: number;
  /** First audit INSERT returned → COMMIT returned. */
  heldMs: number;
  events: number;
}

/** Runs one batch in its own transaction; notes when its first audit INSERT was issued and returned. */
async function timedBatch(db: DataSource, apply: (m: EntityManager, b: ProgressBatch) => Promise<void>, batch: ProgressBatch): Promise<Sample> {
  let issuedAt: number | null = null;
  let returnedAt: number | null = null;
  const t0 = performance.now();
  await db.transaction((m) =>
    apply(
      new Proxy(m, {
        get: (target, prop, receiver) =>
          prop === 'query'
            ? async (sql: string, params?: unknown[]) => {
                const first = issuedAt === null && sql.trimStart().startsWith('INSERT INTO audit_events');
                if (first) issuedAt = performance.now();
                const rows: unknown = await target.query(sql, params);
                if (first) returnedAt = performance.now();
                return rows;
              }
            : Reflect.get(target, prop, receiver),
      }),
      batch,
    ),
  );
  const t1 = performance.now();
  return { batchMs: t1 - t0, waitAndHoldMs: issuedAt === null ? 0 : t1 - issuedAt, heldMs: returnedAt === null ? 0 : t1 - returnedAt, events: batch.events.length };
}

interface Result {
  variant: Variant;
  writers: number;
  events: number;
  wallMs: number;
  batchMs: number[];
  waitAndHoldMs: number[];
  heldMs: number[];
}

async function runSeries(db: DataSource, variant: Variant, writers: number, contractIds: string[]): Promise<Result> {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < contractIds.length) {
        const id = contractIds[next++];
        for (const batch of automaticRun(id, variant)) samples.push(await timedBatch(db, APPLY[variant], batch));
      }
    }),
  );
  const wallMs = performance.now() - started;
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  const audited = samples.filter((s) => s.events > 0);
  return {
    variant,
    writers,
    wallMs,
    events: samples.reduce((n, s) => n + s.events, 0),
    batchMs: sorted(samples.map((s) => s.batchMs)),
    waitAndHoldMs: sorted(audited.map((s) => s.waitAndHoldMs)),
    heldMs: sorted(audited.map((s) => s.heldMs)),
  };
}

function merge(results: Result[]): Result {
  return {
    ...results[0],
    events: results.reduce((n, r) => n + r.events, 0),
    wallMs: results.reduce((n, r) => n + r.wallMs, 0),
    batchMs: results.flatMap((r) => r.batchMs).sort((a, b) => a - b),
    waitAndHoldMs: results.flatMap((r) => r.waitAndHoldMs).sort((a, b) => a - b),
    heldMs: results.flatMap((r) => r.heldMs).sort((a, b) => a - b),
  };
}

async function main() {
  const stops: (() => Promise<void>)[] = [];
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  try {
    if (DB !== 'env') {
      const durability = DURABLE ? ['-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'full_page_writes=on'] : [];
      const pg = await startPostgres({ port: await getFreePort(), persistent: false, postgresFlags: ['-c', 'max_connections=200', ...durability] });
      stops.push(() => pg.stop());
      Object.assign(env, { DATABASE_URL: pg.appUrl, DATABASE_ADMIN_URL: pg.adminUrl });
    }
    const maxWriters = Math.max(...WRITERS);
    const config = loadConfig({ ...env, NODE_ENV: 'test', LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'true', DATABASE_POOL_SIZE: String(Math.min(200, maxWriters + 2)) });
    await migrate(config, () => undefined);
    const db = createAppDataSource(config);
    await db.initialize();
    stops.unshift(() => db.destroy());
    const [{ fsync, commit }] = await db.query(`SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS commit`);

    const contracts = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(await db.transaction((m) => storeContract(m)));
      return ids;
    };

    process.stdout.write('warming up… ');
    for (const variant of ['before', 'after'] as const) await runSeries(db, variant, 2, await contracts(4));
    console.log('done');

    const byWriters = new Map<number, Record<Variant, Result[]>>();
    for (const writers of WRITERS) {
      const runs: Record<Variant, Result[]> = { before: [], after: [] };
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which code path goes first, so a growing table or a warming cache favours neither.
        const order: Variant[] = round % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
        for (const variant of order) runs[variant].push(await runSeries(db, variant, writers, await contracts(CONTRACTS)));
      }
      byWriters.set(writers, runs);
    }

    const mem = process.memoryUsage();
    const chain = await verifyAuditChain(new AuditRepository(db).chainRows);

    const num = (n: number, width = 10, digits = 1) => n.toFixed(digits).padStart(width);
    console.log(
      `\nGreenlight audit-trail benchmark — ${CONTRACTS} automatic contracts (16 batches, 31 audit events each) per writer count, code path and round, ` +
        `${ROUNDS} interleaved rounds; PostgreSQL fsync=${fsync}, synchronous_commit=${commit}; ${process.platform} ${process.arch}, ${cpus().length} cores`,
    );
    console.log(
      `${'writers'.padEnd(8)}${'code'.padEnd(7)}${'events/s'.padStart(9)}${'batch ms'.padStart(17)}${'lock wait+hold ms'.padStart(19)}${'lock held ms'.padStart(17)}`,
    );
    console.log(`${''.padEnd(24)}${'p50'.padStart(8)}${'p99'.padStart(9)}${'p50'.padStart(10)}${'p99'.padStart(9)}${'p50'.padStart(8)}${'p99'.padStart(9)}`);
    const ratios: string[] = [];
    for (const [writers, runs] of byWriters) {
      const rate: Partial<Record<Variant, number>> = {};
      const held: Partial<Record<Variant, number>> = {};
      for (const variant of ['before', 'after'] as const) {
        const r = merge(runs[variant]);
        rate[variant] = (r.events / r.wallMs) * 1000;
        held[variant] = percentile(r.heldMs, 0.5);
        const p = (xs: number[], q: number, width: number) => num(percentile(xs, q), width, 1);
        console.log(
          `${String(writers).padEnd(8)}${variant.padEnd(7)}${num(rate[variant]!, 9, 0)}` +
            `${p(r.batchMs, 0.5, 8)}${p(r.batchMs, 0.99, 9)}${p(r.waitAndHoldMs, 0.5, 10)}${p(r.waitAndHoldMs, 0.99, 9)}${p(r.heldMs, 0.5, 8)}${p(r.heldMs, 0.99, 9)}`,
        );
      }
      ratios.push(`${writers} writer${writers === 1 ? '' : 's'}: ${(rate.after! / rate.before!).toFixed(2)}× the events/s, lock held p50 ${(held.after! / held.before!).toFixed(2)}×`);
    }
    console.log(`\nratio after/before: ${ratios.join('; ')}`);
    console.log(`memory (this process): rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
    console.log(
      chain.ok
        ? `audit chain after the run: OK, ${chain.rowsChecked} rows verified (head #${chain.head?.id})`
        : `audit chain after the run: BROKEN — ${chain.problem?.message}`,
    );
    if (!chain.ok) process.exitCode = 1;
  } finally {
    for (const stop of stops) await stop().catch((err) => console.error('stop failed:', err));
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
