// Jest setupFiles of the `int` project: puts the addresses of the servers that global setup
// started (PostgreSQL, Temporal, Mailpit: SMTP and its API, time-skipping test server) into
// process.env, overriding anything inherited from the shell, before each test file runs.
// NODE_ENV is set to test explicitly: the application defaults to production, which refuses the
// development secret, dev tokens and demo data the tests use (a test that wants production says so).
import { existsSync, readFileSync } from 'node:fs';
import { LATEST_TEST_ENV_FILE, TEST_ENV_FILE_VARIABLE, type TestEnv } from './test-servers';

const file = process.env[TEST_ENV_FILE_VARIABLE] ?? LATEST_TEST_ENV_FILE;
if (!existsSync(file)) {
  throw new Error(`${file} is missing: integration tests need the int project's global setup (npx jest --selectProjects int)`);
}
const env = JSON.parse(readFileSync(file, 'utf8')) as TestEnv;
Object.assign(process.env, env, { NODE_ENV: 'test' });
