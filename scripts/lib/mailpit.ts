// Runs Mailpit (https://mailpit.axllent.org, built into .cache/bin by scripts/provision.sh) as a
// child process: the SMTP server that catches every mail, its web UI, and the JSON API
// (/api/v1/...) that the tests, the fault suite and the fuzz run read through `mailpit-api`.
// docker-compose.yml runs the same release, so there is one mail API everywhere.
//
// `npm start` gives it a database file (.data/mailpit/mailpit.db), so mail survives a restart;
// without one Mailpit keeps its database in a temporary file that it deletes on exit. Stopping
// signals only the pid started here.
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { getFreePort } from './free-port';
import { cacheDir, logsDir } from './paths';
import { type ExitInfo, type ManagedProcess, spawnManaged } from './processes';
import { waitFor } from './wait';

/** Built by scripts/provision.sh (go install github.com/axllent/mailpit). */
export const mailpitPath = join(cacheDir, 'bin', 'mailpit');

export interface StartMailpitOptions {
  /** SMTP port; a free one when omitted. */
  smtpPort?: number;
  /** Web UI and API port; a free one when omitted. */
  httpPort?: number;
  /** SQLite file that keeps the messages between runs; a temporary database when omitted. */
  database?: string;
  /** Defaults to .data/logs/mailpit.log. */
  logFile?: string;
  /** Own process group, so a terminal's Ctrl-C does not reach it (the stack stops it after the worker). */
  detached?: boolean;
  /** Write .run/<name>.pid so that a later run can stop an orphan. */
  pidFileName?: string;
  /** Shown in the web UI's title, e.g. "Greenlight". */
  label?: string;
  startTimeoutMs?: number;
}

export interface MailpitHandle {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  smtpUrl: string;
  /** http://127.0.0.1:<port>: the web UI, and the API under /api/v1; for MAILPIT_URL. */
  httpUrl: string;
  smtpPort: number;
  httpPort: number;
  pid: number;
  /** Settles when the process exits, for whatever reason. */
  exited: Promise<ExitInfo>;
  logFile: string;
  /** SIGTERM (Mailpit closes its database), then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

function smtpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    // The greeting, not just an accepted connection: the server is really serving.
    socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('220')));
  });
}

async function apiAnswers(httpUrl: string): Promise<boolean> {
  const res = await fetch(`${httpUrl}/api/v1/info`, { signal: AbortSignal.timeout(2000) });
  await res.body?.cancel();
  return res.status === 200;
}

export async function startMailpit(options: StartMailpitOptions = {}): Promise<MailpitHandle> {
  if (!existsSync(mailpitPath)) throw new Error(`Mailpit is missing at ${mailpitPath}; run scripts/provision.sh`);
  const smtpPort = options.smtpPort ?? (await getFreePort());
  let httpPort = options.httpPort ?? (await getFreePort());
  while (httpPort === smtpPort) httpPort = await getFreePort();
  const logFile = options.logFile ?? join(logsDir, 'mailpit.log');
  if (options.database) mkdirSync(dirname(options.database), { recursive: true });

  const args = [
    '--smtp', `127.0.0.1:${smtpPort}`,
    '--listen', `127.0.0.1:${httpPort}`,
    // Like a relay the app may be configured for: any credentials or none, no TLS.
    '--smtp-auth-accept-any',
    '--smtp-auth-allow-insecure',
    '--smtp-disable-rdns',
    // Keep every message (the default prunes beyond 500): the tests count them.
    '--max', '0',
    // No call to GitHub for the latest release.
    '--disable-version-check',
  ];
  if (options.database) args.push('--database', options.database);
  if (options.label) args.push('--label', options.label);

  const server: ManagedProcess = spawnManaged({
    name: options.pidFileName ?? 'mailpit',
    command: mailpitPath,
    args,
    logFile,
    detached: options.detached,
    pidFile: options.pidFileName !== undefined,
    stopOnExit: true,
    // Mailpit reads MP_* variables as settings; none from this environment apply.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR },
  });
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const stop = async (): Promise<void> => {
    await server.stop({ signal: 'SIGTERM', timeoutMs: 10_000 });
  };

  try {
    await waitFor(async () => (await apiAnswers(httpUrl)) && (await smtpAnswers(smtpPort)), `Mailpit on SMTP ${smtpPort}, HTTP ${httpPort}`, {
      timeoutMs: options.startTimeoutMs ?? 30_000,
      intervalMs: 100,
      abort: () => {
        const exit = server.exitInfo();
        return exit ? `Mailpit exited (${exit.code ?? exit.signal}); log ${logFile}` : undefined;
      },
      describe: () => server.tail(15),
    });
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    httpUrl,
    smtpPort,
    httpPort,
    pid: server.pid,
    exited: server.exited,
    logFile,
    stop,
  };
}
