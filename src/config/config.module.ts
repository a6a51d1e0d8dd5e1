// Makes the validated configuration injectable as APP_CONFIG, and runs the boot checks that
// need more than the environment: in production the API refuses to serve when its database role
// owns the tables (the worker runs the same check in src/worker.ts).
import { Global, Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertLeastPrivilege } from '../database/grants';
import { type AppConfig, loadConfig } from './env.schema';

export const APP_CONFIG = Symbol('APP_CONFIG');

@Injectable()
class ProductionBootChecks implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await assertLeastPrivilege(this.db, this.config);
  }
}

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig = loadConfig()) {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }, ProductionBootChecks], exports: [APP_CONFIG] };
  }
}
