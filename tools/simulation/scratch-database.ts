// A throwaway database on an existing PostgreSQL server (the simulator's embedded one, or the
// test server): created by the superuser, owned by the owner role, migrated and seeded by the
// app's own migrate command, dropped afterwards. One per simulated chain, so each chain's report
// covers its own contracts only.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { AppConfig } from '../../src/config/env.schema';
import { migrate } from '../../src/cli/migrate';

export interface ScratchDatabase {
  name: string;
  appUrl: string;
  adminUrl: string;
  superuserUrl: string;
  drop(): Promise<void>;
}

export interface ServerUrls {
  /** Any database of the server, as the application role. */
  appUrl: string;
  /** The same, as the owner role that runs migrations. */
  adminUrl: string;
  /** The same, as a superuser (creates and drops databases). */
  superuserUrl: string;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** One statement on its own connection (as whoever the URL names). */
export async function runSql(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe identifier ${name}`);
  return name;
};

export async function createScratchDatabase(server: ServerUrls, prefix: string, config: AppConfig): Promise<ScratchDatabase> {
  const name = ident(`${prefix}_${randomBytes(4).toString('hex')}`.toLowerCase());
  const owner = ident(new URL(server.adminUrl).username);
  const app = ident(new URL(server.appUrl).username);
  await runSql(server.superuserUrl, `CREATE DATABASE ${name} OWNER ${owner}`);
  await runSql(server.superuserUrl, `GRANT CONNECT, TEMPORARY ON DATABASE ${name} TO ${app}`);
  const db: ScratchDatabase = {
    name,
    appUrl: withDatabase(server.appUrl, name),
    adminUrl: withDatabase(server.adminUrl, name),
    superuserUrl: withDatabase(server.superuserUrl, name),
    drop: () => runSql(server.superuserUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
  await runSql(db.superuserUrl, `REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO ${app}`);
  await migrate({ ...config, DATABASE_URL: db.appUrl, DATABASE_ADMIN_URL: db.adminUrl, SEED_DEMO_DATA: true }, () => undefined);
  return db;
}
