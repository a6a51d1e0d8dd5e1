// Time-skipping Temporal environment for workflow tests: timers fire as soon as the workflow
// would otherwise wait, so "remind after 3 business days" runs in milliseconds. Uses the Java
// test server from .cache (scripts/temporal-test-server.sh) instead of letting the SDK download
// one, since only package registries are reachable here. The server is started by
// startTestServer, which waits up to two minutes for the JVM to listen: the SDK's own starter
// gives it 5 seconds, which a CI run with every test file starting JVMs at once overruns
// ("Failed to start ephemeral server"). env.teardown() stops the server by its pid.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalTestServerPath } from '../../scripts/lib/paths';
import { Clock } from '../../src/common/clock';
import { startTestServer } from '../../tools/simulation/test-server';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const server = await startTestServer(process.env.TEMPORAL_TEST_SERVER_PATH ?? temporalTestServerPath);
  server.env.teardown = server.stop;
  return server.env;
}

/**
 * A Clock for the API and the worker that reads the test server's time, so their stamps (a
 * submission's submitted_at, a contract's RAG "now") lie on the workflows' timeline. Clock.now()
 * is synchronous and the server's time is not: the clock keeps the server's offset from the wall
 * clock, read when it is made and again after every skip (skipTo calls syncEnvClock).
 */
export class EnvClock extends Clock {
  private offsetMs = 0;

  constructor(private readonly env: TestWorkflowEnvironment) {
    super();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  async sync(): Promise<void> {
    const before = Date.now();
    const serverMs = await this.env.currentTimeMs();
    this.offsetMs = serverMs - Math.round((before + Date.now()) / 2);
  }
}

const envClocks = new WeakMap<TestWorkflowEnvironment, EnvClock>();

/** The environment's clock (one per environment), in step with its time. */
export async function envClock(env: TestWorkflowEnvironment): Promise<EnvClock> {
  let clock = envClocks.get(env);
  if (!clock) {
    clock = new EnvClock(env);
    envClocks.set(env, clock);
  }
  await clock.sync();
  return clock;
}

/** Brings the environment's clock, if one was made, back in step after its time moved. */
export async function syncEnvClock(env: TestWorkflowEnvironment): Promise<void> {
  await envClocks.get(env)?.sync();
}
