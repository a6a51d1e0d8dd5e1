// A time-skipping server executable that starts within the SDK's five seconds on a loaded machine,
// for the calibrated simulator's tests (and anyone passing it as --test-server): the quick-start
// options of scripts/temporal-test-server.sh, run at a higher CPU priority when the process may
// (root). Measured with the machine's load at 50 on two cores: the stock script listens after about
// 6 s, and two servers starting at once missed the 5 s on every one of six attempts.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from '../../scripts/lib/paths';
import type { TestServerExecutable } from './test-server';

const JARS = join(cacheDir, 'test-server');
const LAUNCHER = join(cacheDir, 'test-server-launcher');

export function quickStartTestServer(): TestServerExecutable {
  if (!existsSync(JARS)) throw new Error(`${JARS} is missing: run scripts/provision.sh`);
  const [cp, main] = existsSync(join(LAUNCHER, 'dev', 'greenlight', 'testserver', 'LoopbackTestServer.class'))
    ? [`${LAUNCHER}:${JARS}/*`, 'dev.greenlight.testserver.LoopbackTestServer']
    : [`${JARS}/*`, 'io.temporal.testserver.TestServer'];
  const dir = mkdtempSync(join(tmpdir(), 'greenlight-calib-server-'));
  const path = join(dir, 'temporal-test-server.sh');
  const nice = process.getuid?.() === 0 ? 'nice -n -10 ' : '';
  // `exec`: the SDK stops the server by the pid it started.
  writeFileSync(path, `#!/usr/bin/env bash\nexec ${nice}java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp '${cp}' ${main} "$@"\n`);
  chmodSync(path, 0o755);
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
