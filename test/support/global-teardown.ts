// Jest global teardown of the `int` project: stops the servers global-setup.ts started (and only
// those) and removes this run's env file.
import { readFileSync, rmSync } from 'node:fs';
import { LATEST_TEST_ENV_FILE, SERVERS_KEY, TEST_ENV_FILE_VARIABLE, type TestServers } from './test-servers';

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as Record<string, unknown>)[SERVERS_KEY] as TestServers | undefined;
  if (!servers) return;
  (globalThis as Record<string, unknown>)[SERVERS_KEY] = undefined;
  await servers.stop();
  try {
    // Another run may have started since and written its own env there; leave that one alone.
    if (readFileSync(LATEST_TEST_ENV_FILE, 'utf8') === readFileSync(servers.envFile, 'utf8')) rmSync(LATEST_TEST_ENV_FILE, { force: true });
  } catch {
    // already gone
  }
  rmSync(servers.envFile, { force: true });
  delete process.env[TEST_ENV_FILE_VARIABLE];
}
