// TypeORM data sources: the application's (least-privilege role) and the migrator's (owner).
// Schema changes only ever come from reviewed migrations; synchronize stays off.
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/env.schema';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * PostgreSQL session settings sent when a pooled connection opens (startup parameters, so they
 * hold for every statement without an extra round trip), in ms; 0 or absent leaves the server's
 * default (no limit). A transaction may still raise one for itself with SET LOCAL.
 */
export interface SessionTimeouts {
  /** Longest single statement (SQLSTATE 57014 when exceeded). */
  statementMs?: number;
  /** Longest wait for any lock: a row, a table, the audit chain's advisory lock (55P03). */
  lockMs?: number;
  /** Longest idle time inside an open transaction; the server then ends the session (25P03). */
  idleInTransactionMs?: number;
}

export function dataSourceOptions(url: string, poolSize = 10, timeouts: SessionTimeouts = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: {
      max: poolSize,
      application_name: 'greenlight',
      // node-postgres sends these as startup parameters; a falsy value sends nothing.
      statement_timeout: timeouts.statementMs || undefined,
      lock_timeout: timeouts.lockMs || undefined,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs || undefined,
    },
  };
}

/** The bounds every application connection (API, worker, CLIs) runs with. */
export function appSessionTimeouts(config: AppConfig): SessionTimeouts {
  return {
    statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    lockMs: config.DATABASE_LOCK_TIMEOUT_MS,
    idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

export function createAppDataSource(config: AppConfig): DataSource {
  return new DataSource(dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE, appSessionTimeouts(config)));
}

/**
 * The migrator's connections end a transaction left idle like the application's, but have no
 * statement or lock limit: a reviewed migration may rewrite a large table, and concurrent
 * migrators queue on a session advisory lock for as long as the first one runs.
 */
export function createAdminDataSource(config: AppConfig): DataSource {
  return new DataSource(
    dataSourceOptions(config.DATABASE_ADMIN_URL ?? config.DATABASE_URL, 2, { idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS }),
  );
}
