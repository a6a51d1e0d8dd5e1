// Runs the Temporal CLI's development server (`temporal server start-dev`) from .cache/bin, for
// `npm start` (SQLite file, so workflows survive a restart) and for the integration tests
// (in memory, headless). Registers Greenlight's search attributes at launch and resolves once
// the namespace answers and the attributes are visible.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { logsDir, temporalCliPath } from './paths';
import { type ExitInfo, type ManagedProcess, spawnManaged } from './processes';
import { waitFor } from './wait';

export type SearchAttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

/** The custom search attributes the contract-approval workflow upserts; list views filter on them. */
export const GREENLIGHT_SEARCH_ATTRIBUTES = {
  ContractStatus: 'Keyword',
  CurrentStep: 'Keyword',
  SubmitterId: 'Keyword',
  CustomerCountry: 'Keyword',
  ContractAmount: 'Double',
} as const satisfies Record<string, SearchAttributeType>;

export interface StartTemporalDevServerOptions {
  /** Frontend gRPC port. */
  port: number;
  /** Web UI port; ignored when headless. Defaults to port + 1000. */
  uiPort?: number;
  headless?: boolean;
  /** SQLite file for persistent state; in memory when omitted. */
  dbFilename?: string;
  namespace?: string;
  searchAttributes?: Record<string, SearchAttributeType>;
  /** Defaults to .data/logs/temporal.log. */
  logFile?: string;
  /** Server log level: debug, info, warn (default), error. */
  logLevel?: string;
  /** Own process group, so a terminal's Ctrl-C does not reach it (the stack stops it after the worker). */
  detached?: boolean;
  /** Write .run/<name>.pid so that a later run can stop an orphan. */
  pidFileName?: string;
  startTimeoutMs?: number;
}

export interface TemporalDevServerHandle {
  /** host:port for TEMPORAL_ADDRESS. */
  address: string;
  /** Web UI, or undefined when headless. */
  uiUrl?: string;
  namespace: string;
  pid: number;
  /** Settles when the server process exits, for whatever reason. */
  exited: Promise<ExitInfo>;
  logFile: string;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

async function isReady(address: string, namespace: string, searchAttributes: Record<string, SearchAttributeType>): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: '2s' });
  try {
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace });
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return Object.keys(searchAttributes).every((name) => customAttributes?.[name] !== undefined);
  } finally {
    await connection.close();
  }
}

export async function startTemporalDevServer(options: StartTemporalDevServerOptions): Promise<TemporalDevServerHandle> {
  const { port, headless = false, namespace = 'default', searchAttributes = GREENLIGHT_SEARCH_ATTRIBUTES } = options;
  if (!existsSync(temporalCliPath)) {
    throw new Error(`the Temporal CLI is missing at ${temporalCliPath}; run scripts/provision.sh`);
  }
  const uiPort = options.uiPort ?? port + 1000;
  const logFile = options.logFile ?? join(logsDir, 'temporal.log');
  if (options.dbFilename) mkdirSync(dirname(options.dbFilename), { recursive: true });

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', options.logLevel ?? 'warn'];
  args.push(...(headless ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (options.dbFilename) {
    // Write-ahead log, synced at every commit: as durable as SQLite's default rollback journal,
    // with one fsync per commit where the journal takes several (journal, database, journal's
    // removal), which every workflow task, timer and Update completion pays.
    args.push('--db-filename', options.dbFilename, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=full');
  }
  // "default" always exists; asking for it again is refused.
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [name, type] of Object.entries(searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
  // Same switches the SDK's own ephemeral dev server passes: workflow updates (human decisions
  // arrive as updates) must be accepted.
  args.push(
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  );

  const server: ManagedProcess = spawnManaged({
    name: options.pidFileName ?? 'temporal',
    command: temporalCliPath,
    args,
    logFile,
    detached: options.detached,
    pidFile: options.pidFileName !== undefined,
    stopOnExit: true,
    // The CLI reads ~/.config/temporalio and TEMPORAL_* variables; none of that applies here.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TEMPORAL_DISABLE_CONFIG_ENV: '1' },
  });
  const address = `127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await server.stop({ signal: 'SIGTERM', timeoutMs: 20_000 });
  };

  try {
    await waitFor(() => isReady(address, namespace, searchAttributes), `Temporal dev server on ${address}`, {
      timeoutMs: options.startTimeoutMs ?? 60_000,
      intervalMs: 300,
      abort: () => {
        const exit = server.exitInfo();
        return exit ? `the server exited (${exit.code ?? exit.signal}); log ${logFile}` : undefined;
      },
      describe: () => server.tail(25),
    });
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    address,
    uiUrl: headless ? undefined : `http://localhost:${uiPort}`,
    namespace,
    pid: server.pid,
    exited: server.exited,
    logFile,
    stop,
  };
}
