// `node dist/src/cli/migrate.js`: applies pending migrations as the owner role, grants the
// application role its least privileges, and seeds reference and demo data. Idempotent; run
// before the API and worker start.
import 'reflect-metadata';
import { ConfigError, loadConfigOrExit } from '../config/env.schema';
import { createAdminDataSource } from '../database/data-source';
import { grantAppRole } from '../database/grants';
import { seedDemoOrganisation, seedReferenceData } from '../database/seed/seed';
import { parseCli } from './cli-args';

export async function migrate(config = loadConfigOrExit(), log: (m: string) => void = console.log): Promise<void> {
  const appRole = new URL(config.DATABASE_URL).username;
  // Migrating as the application's role would make it the owner of every table it creates.
  if (config.NODE_ENV === 'production' && new URL(config.DATABASE_ADMIN_URL ?? config.DATABASE_URL).username === appRole) {
    throw new ConfigError(
      `Invalid configuration (NODE_ENV=production):\n  DATABASE_ADMIN_URL: must name the owner role that runs migrations, ` +
        `a different role from DATABASE_URL's "${appRole}" (the application's least-privilege role)`,
    );
  }
  const admin = createAdminDataSource(config);
  await admin.initialize();
  try {
    // Serialise concurrent migrators (several API replicas starting at once).
    await admin.query('SELECT pg_advisory_lock(7220190002)');
    const applied = await admin.runMigrations({ transaction: 'each' });
    log(applied.length ? `migrations applied: ${applied.map((m) => m.name).join(', ')}` : 'migrations: up to date');
    await grantAppRole(admin, appRole);
    await seedReferenceData(admin);
    if (config.SEED_DEMO_DATA) {
      await seedDemoOrganisation(admin);
      log('demo organisation seeded');
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(7220190002)').catch(() => undefined);
    await admin.destroy();
  }
}

if (require.main === module) {
  parseCli(process.argv.slice(2), {
    usage: 'node dist/src/cli/migrate.js',
    summary: 'Applies pending migrations as DATABASE_ADMIN_URL, grants the application role, seeds reference (and demo) data. Takes no options; configured by the environment.',
    options: {},
  });
  migrate().catch((err) => {
    console.error('migration failed:', err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
