// A private database on the test PostgreSQL server, migrated and seeded by the app's own migrate
// command, for tests that must not share the common one: tampering with the audit chain, reports
// whose figures other tests' contracts would change, simulator runs. Dropped by drop().
import { type AppConfig, loadConfig } from '../../../src/config/env.schema';
import { createScratchDatabase, type ScratchDatabase } from '../../../tools/simulation/scratch-database';

export interface FreshDatabase extends ScratchDatabase {
  /** Test configuration pointing at this database (extra env-style overrides applied). */
  config(overrides?: Record<string, string>): AppConfig;
}

export async function createFreshDatabase(prefix: string): Promise<FreshDatabase> {
  const env = process.env as Record<string, string>;
  const base = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' });
  const db = await createScratchDatabase({ appUrl: env.DATABASE_URL, adminUrl: env.DATABASE_ADMIN_URL, superuserUrl: env.DATABASE_SUPERUSER_URL }, prefix, base);
  return {
    ...db,
    config: (overrides = {}) =>
      loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: db.appUrl, DATABASE_ADMIN_URL: db.adminUrl, ...overrides }),
  };
}
