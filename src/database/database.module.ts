// Provides the application's TypeORM DataSource (least-privilege role) to Nest, and closes it on
// shutdown. Schema changes come only from migrations (src/cli/migrate.ts).
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { createAppDataSource } from './data-source';

class DataSourceShutdown implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}

@Global()
@Module({
  providers: [
    { provide: DataSource, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createAppDataSource(config).initialize() },
    DataSourceShutdown,
  ],
  exports: [DataSource],
})
export class DatabaseModule {}
