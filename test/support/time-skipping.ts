// Time-skipping Temporal environment for workflow tests: timers fire as soon as the workflow
// would otherwise wait, so "remind after 3 business days" runs in milliseconds. Uses the Java
// test server from .cache (scripts/temporal-test-server.sh) instead of letting the SDK download
// one, since only package registries are reachable here.
import { TestWorkflowEnvironment, type TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { temporalTestServerPath } from '../../scripts/lib/paths';

export function createTimeSkippingEnv(options: TimeSkippingTestWorkflowEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH ?? temporalTestServerPath;
  return TestWorkflowEnvironment.createTimeSkipping({
    ...options,
    server: { ...options.server, executable: { type: 'existing-path', path } },
  });
}
