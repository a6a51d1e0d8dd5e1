// One test file's time-skipping stack: a time-skipping Temporal server, the worker and the HTTP API,
// optionally on a database of the file's own (for files that change seeded people or activate
// policies, or count what they find), started before the file's tests and stopped after them.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import type { Api } from './contracts';
import { http, startTestStack, type TestStack } from './stack';
import { createTimeSkippingEnv } from './time-skipping';

export interface ApiStack {
  env: TestWorkflowEnvironment;
  stack: TestStack;
  api: Api;
  /** The file's own database, when asked for. */
  fresh?: FreshDatabase;
}

export interface ApiStackOptions {
  /** Prefix of a database of the file's own (createFreshDatabase); absent: the suite's shared database. */
  freshDatabase?: string;
  /** Extra configuration (env-style strings). */
  config?: Record<string, string>;
}

/**
 * Registers the file's beforeAll (start, then `use` receives the running stack) and afterAll
 * (stop the API and worker, the test server, then drop the file's database). A file's own
 * beforeAll hooks declared after this one run once the stack is up.
 */
export function withApiStack(options: ApiStackOptions, use: (running: ApiStack) => void): void {
  const running: Partial<ApiStack> = {};
  beforeAll(async () => {
    if (options.freshDatabase) running.fresh = await createFreshDatabase(options.freshDatabase);
    running.env = await createTimeSkippingEnv();
    const database: Record<string, string> = running.fresh ? { DATABASE_URL: running.fresh.appUrl, DATABASE_ADMIN_URL: running.fresh.adminUrl } : {};
    running.stack = await startTestStack({ env: running.env, api: true, config: { ...database, ...options.config } });
    running.api = http(running.stack.baseUrl!);
    use(running as ApiStack);
  });
  afterAll(async () => {
    await running.stack?.stop();
    await running.env?.teardown();
    await running.fresh?.drop();
  });
}
