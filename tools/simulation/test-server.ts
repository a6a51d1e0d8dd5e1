// The time-skipping test server for long simulations. scripts/temporal-test-server.sh starts the
// JVM for a quick start (C1 compiler only), right for tests that last seconds; a simulation of a
// thousand contracts runs for many minutes, where the full JIT (C2) halves the server's CPU. This
// writes a launcher with the same class path and the loopback-only main, and the JVM's defaults,
// and starts the server with a patience the SDK's own starter lacks (startTestServer).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { cacheDir, temporalTestServerPath } from '../../scripts/lib/paths';
import { getFreePort } from '../../scripts/lib/free-port';

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

/** How long a JVM on a busy machine may take to listen (the SDK's own starter gives it 5 s). */
const LISTEN_TIMEOUT_MS = 120_000;

export interface RunningTestServer {
  env: TestWorkflowEnvironment;
  /** Closes the connections, then stops the server by the pid started here. */
  stop(): Promise<void>;
}

/**
 * Starts the time-skipping test server at `path` (called as `path <port>`, as the SDK calls it)
 * and connects a time-skipping environment to it. The SDK's createTimeSkipping gives the server
 * 5 seconds to answer and then gives up; a JVM started beside other heavy work (a second chain's
 * server, other test runs) often needs longer, so this waits for the port itself.
 */
export async function startTestServer(path: string): Promise<RunningTestServer> {
  const port = await getFreePort();
  const child = spawn(path, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitForPort(port, LISTEN_TIMEOUT_MS, exited, () => stderr);
    // createTimeSkipping starts a server of its own; `create` on an existing address with time
    // skipping is the same environment minus the start (the SDK marks it private, hence the cast).
    const create = (TestWorkflowEnvironment as unknown as { create(o: object): Promise<TestWorkflowEnvironment> }).create.bind(TestWorkflowEnvironment);
    const env = await create({ server: { type: 'existing' }, address: `127.0.0.1:${port}`, namespace: 'default', supportsTimeSkipping: true });
    // The environment's own teardown, kept: a caller may make env.teardown() this stop().
    const teardown = env.teardown.bind(env);
    return {
      env,
      stop: async () => {
        await teardown();
        await kill();
      },
    };
  } catch (err) {
    await kill();
    throw err;
  }
}

async function waitForPort(port: number, timeoutMs: number, exited: Promise<number | null>, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  for (;;) {
    if (gone !== undefined) throw new Error(`the time-skipping test server exited (code ${gone}) before listening on ${port}: ${stderr()}`);
    if (await canConnect(port)) return;
    if (Date.now() > deadline) throw new Error(`the time-skipping test server did not listen on ${port} within ${timeoutMs / 1000} s: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
