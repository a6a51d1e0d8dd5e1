// The time-skipping test server for long simulations. scripts/temporal-test-server.sh starts the
// JVM for a quick start (C1 compiler only), right for tests that last seconds; a simulation of a
// thousand contracts runs for many minutes, where the full JIT (C2) halves the server's CPU. This
// writes a launcher with the same class path and the loopback-only main, and the JVM's defaults.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir, temporalTestServerPath } from '../../scripts/lib/paths';

export interface TestServerExecutable {
  path: string;
  dispose(): void;
}

export function longRunTestServer(): TestServerExecutable {
  const jars = join(cacheDir, 'test-server');
  const launcher = join(cacheDir, 'test-server-launcher');
  if (!existsSync(join(launcher, 'dev', 'greenlight', 'testserver', 'LoopbackTestServer.class')) || !existsSync(jars)) {
    return { path: temporalTestServerPath, dispose: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'greenlight-sim-server-'));
  const path = join(dir, 'temporal-test-server.sh');
  // `exec`: the SDK stops the server by the pid it started.
  writeFileSync(path, `#!/usr/bin/env bash\nexec java -XX:+UseParallelGC -Xshare:auto -cp '${launcher}:${jars}/*' dev.greenlight.testserver.LoopbackTestServer "$@"\n`);
  chmodSync(path, 0o755);
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
