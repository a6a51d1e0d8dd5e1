// TypeORM data sources: the application's (least-privilege role) and the migrator's (owner).
// Schema changes only ever come from reviewed migrations; synchronize stays off.
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/env.schema';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: poolSize, application_name: 'greenlight' },
  };
}

export function createAppDataSource(config: AppConfig): DataSource {
  return new DataSource(dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE));
}

export function createAdminDataSource(config: AppConfig): DataSource {
  return new DataSource(dataSourceOptions(config.DATABASE_ADMIN_URL ?? config.DATABASE_URL, 2));
}
