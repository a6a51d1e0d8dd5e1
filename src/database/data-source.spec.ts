// The connection bounds come from configuration, are validated at boot naming the variable, and
// reach node-postgres as the session settings it sends at connect (the int test
// test/audit/audit-lock.int-spec.ts shows the server applying them).
import { ConfigError, loadConfig } from '../config/env.schema';
import { appSessionTimeouts, dataSourceOptions } from './data-source';

const env = { NODE_ENV: 'test' };

test('defaults: 15 s per statement, 5 s per lock wait, 30 s idle in a transaction', () => {
  expect(appSessionTimeouts(loadConfig(env))).toEqual({ statementMs: 15_000, lockMs: 5_000, idleInTransactionMs: 30_000 });
});

test('the values reach the pool as startup settings; absent ones send nothing', () => {
  const options = dataSourceOptions('postgres://u:p@h/db', 7, { statementMs: 1000, lockMs: 200, idleInTransactionMs: 3000 });
  expect(options.extra).toMatchObject({ max: 7, statement_timeout: 1000, lock_timeout: 200, idle_in_transaction_session_timeout: 3000 });
  const unbounded = dataSourceOptions('postgres://u:p@h/db', 2, { idleInTransactionMs: 3000 });
  expect(unbounded.extra).toMatchObject({ statement_timeout: undefined, lock_timeout: undefined, idle_in_transaction_session_timeout: 3000 });
});

test.each([
  ['DATABASE_STATEMENT_TIMEOUT_MS', 'soon'],
  ['DATABASE_LOCK_TIMEOUT_MS', '0'],
  ['DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', '99999999'],
])('%s=%s is refused at boot, naming the variable', (name, value) => {
  expect(() => loadConfig({ ...env, [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ ...env, [name]: value })).toThrow(new RegExp(name));
});
