// The API process's module graph: config, database, Temporal client and one module per feature.
// Each feature module owns its controllers and providers; this one only wires them together and
// registers the AuthGuard globally, so no route is left unguarded by a module that forgets it.
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import type { AppConfig } from './config/env.schema';
import { ConfigModule } from './config/config.module';
import { type Clock, ClockModule } from './common/clock';
import { DatabaseModule } from './database/database.module';
import { TemporalModule } from './temporal/temporal.module';
import { AuthGuard } from './directory/auth';
import { HealthModule } from './health/health.module';
import { ContractsModule } from './contracts/contracts.module';
import { TasksModule } from './tasks/tasks.module';
import { ReferenceModule } from './reference/reference.module';
import { DirectoryModule } from './directory/directory.module';
import { TaskLinksModule } from './task-links/task-links.module';
import { ReportsModule } from './reports/reports.module';
import { AuditModule } from './audit/audit.module';
import { SessionModule } from './session/session.module';
import { PreviewModule } from './preview/preview.module';
import { RpaModule } from './rpa/rpa.module';
import { BotRunsModule } from './rpa/bot-runs/bot-runs.module';
import { PolicyModule } from './policy/policy.module';
import { ObservabilityModule } from './observability/observability.module';
import type { Logger } from './observability/logger';

export interface AppOptions {
  /** An existing Temporal client (tests on the time-skipping server); otherwise one is connected. */
  temporalClient?: Client;
  /** The clock the services stamp and compare times with (tests on skipped time); the system clock by default. */
  clock?: Clock;
  /** The pino logger the API writes through (tests capture its lines); by default one on stdout per LOG_FORMAT. */
  logger?: Logger;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(options.clock),
        DatabaseModule,
        ObservabilityModule.forRoot(config, options.logger),
        TemporalModule.forRoot(options.temporalClient),
        // In this order so the OpenAPI document lists the paths as before.
        HealthModule,
        ContractsModule,
        TasksModule,
        ReferenceModule,
        DirectoryModule,
        TaskLinksModule,
        ReportsModule,
        AuditModule,
        SessionModule,
        PreviewModule,
        RpaModule,
        BotRunsModule,
        PolicyModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
