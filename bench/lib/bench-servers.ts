// The servers a benchmark runs on, started by pid and stopped in reverse order. Durable by
// default, as users run them: PostgreSQL with fsync and synchronous commit on, the Temporal dev
// server on a SQLite file in a temporary folder. `fast` is the old, non-durable variant (fsync
// off, Temporal in memory). `cluster` is the multi-service Temporal server on PostgreSQL
// (scripts/lib/temporal-cluster.ts), always durable. DATABASE_URL / TEMPORAL_ADDRESS / SMTP_URL
// in the environment point the bench at servers someone else runs instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../../scripts/lib/embedded-postgres';
import { getFreePort } from '../../scripts/lib/free-port';
import { startMailpit } from '../../scripts/lib/mailpit';
import { startTemporalDevServer } from '../../scripts/lib/temporal-dev-server';

export type TemporalKind = 'dev' | 'cluster';

export interface BenchServers {
  env: Record<string, string>;
  /** One line saying what runs where, for the report's header. */
  describe: string;
  /** The server processes started here, by kind (none for a server given in the environment). */
  pids: { temporal: number[]; postgres: number[] };
  stop(): Promise<void>;
}

const DURABLE_PG = ['-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'full_page_writes=on'];

export async function startBenchServers(opts: { temporal: TemporalKind; fast: boolean; maxConnections?: number }): Promise<BenchServers> {
  const stops: (() => Promise<void>)[] = [];
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  const parts: string[] = [];
  const pids: BenchServers['pids'] = { temporal: [], postgres: [] };
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => console.error('stop failed:', err));
  };
  try {
    let superuserUrl = env.DATABASE_SUPERUSER_URL;
    if (!env.DATABASE_URL) {
      // Later -c flags win: the durable ones override the test cluster's fsync=off.
      const flags = ['-c', `max_connections=${opts.maxConnections ?? 300}`, ...(opts.fast ? [] : DURABLE_PG)];
      const pg = await startPostgres({ port: await getFreePort(), persistent: false, postgresFlags: flags });
      stops.push(() => pg.stop());
      pids.postgres.push(pg.pid);
      superuserUrl = pg.superuserUrl;
      Object.assign(env, { DATABASE_URL: pg.appUrl, DATABASE_ADMIN_URL: pg.adminUrl });
      parts.push(`PostgreSQL ${opts.fast ? 'fsync off' : 'fsync on'}`);
    } else parts.push('PostgreSQL at DATABASE_URL');
    if (!env.TEMPORAL_ADDRESS) {
      if (opts.temporal === 'cluster') {
        if (!superuserUrl) throw new Error('--temporal cluster on an external DATABASE_URL needs DATABASE_SUPERUSER_URL (Temporal creates its databases)');
        env.TEMPORAL_ADDRESS = await startCluster(stops, superuserUrl, pids.temporal);
        parts.push('Temporal cluster on PostgreSQL');
      } else {
        const dir = opts.fast ? undefined : mkdtempSync(join(tmpdir(), 'greenlight-bench-temporal-'));
        if (dir) stops.push(async () => rmSync(dir, { recursive: true, force: true }));
        const t = await startTemporalDevServer({ port: await getFreePort(), headless: true, dbFilename: dir && join(dir, 'temporal.db'), logFile: join(tmpdir(), `greenlight-bench-temporal-${process.pid}.log`) });
        stops.push(() => t.stop());
        pids.temporal.push(t.pid);
        env.TEMPORAL_ADDRESS = t.address;
        parts.push(`Temporal dev server ${dir ? 'on a SQLite file' : 'in memory'}`);
      }
    } else parts.push(`Temporal at ${env.TEMPORAL_ADDRESS}`);
    if (!env.SMTP_URL) {
      const mail = await startMailpit();
      stops.push(() => mail.stop());
      env.SMTP_URL = mail.smtpUrl;
    }
    return { env, describe: parts.join(', '), pids, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

interface ClusterModule {
  ensureClusterBinaries(): Promise<void>;
  startTemporalCluster(o: { superuserUrl: string; ports: 'free'; logFile: string }): Promise<{ address: string; pids: { server: number }; stop(): Promise<void> }>;
}

async function startCluster(stops: (() => Promise<void>)[], superuserUrl: string, pids: number[]): Promise<string> {
  // Loaded only when asked for (it is the cluster mode's module, scripts/lib/temporal-cluster.ts).
  const mod = (await import(['..', '..', 'scripts', 'lib', 'temporal-cluster'].join('/'))) as ClusterModule;
  await mod.ensureClusterBinaries();
  const cluster = await mod.startTemporalCluster({ superuserUrl, ports: 'free', logFile: join(tmpdir(), `greenlight-bench-cluster-${process.pid}.log`) });
  stops.push(() => cluster.stop());
  pids.push(cluster.pids.server);
  return cluster.address;
}
