// Shared between the integration tests' global setup, teardown and per-file setup: where the
// running test servers' addresses are written, and their names.
import { join } from 'node:path';
import { runDir } from '../../scripts/lib/paths';

/** The variables every integration test file finds in process.env. */
export interface TestEnv {
  DATABASE_URL: string;
  DATABASE_ADMIN_URL: string;
  DATABASE_SUPERUSER_URL: string;
  TEMPORAL_ADDRESS: string;
  SMTP_URL: string;
  /** Mailpit's web UI and API (/api/v1); read it through test/support/mail.ts. */
  MAILPIT_URL: string;
  TEMPORAL_TEST_SERVER_PATH: string;
}

/** Names the env file of this jest run; jest workers inherit it from the parent process. */
export const TEST_ENV_FILE_VARIABLE = 'GREENLIGHT_TEST_ENV_FILE';
/** The most recent run's env, for humans (psql, curl) and for test runs started without the variable. */
export const LATEST_TEST_ENV_FILE = join(runDir, 'test-env.json');

export function testEnvFileFor(pid: number): string {
  return join(runDir, `test-env.${pid}.json`);
}

export interface TestServers {
  envFile: string;
  stop(): Promise<void>;
}

/** Where global setup leaves its handles for global teardown (same process, same globalThis). */
export const SERVERS_KEY = '__greenlightTestServers';
