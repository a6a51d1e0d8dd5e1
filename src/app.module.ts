// The API process's module graph: config, database, Temporal client and one module per feature.
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import type { AppConfig } from './config/env.schema';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { TemporalModule } from './temporal/temporal.module';
import { AuthGuard } from './directory/auth';
import { UsersController } from './directory/users.controller';
import { ContractsController } from './contracts/contracts.controller';
import { ContractsService } from './contracts/contracts.service';
import { ContractIncidentsController } from './contracts/contract-incidents.controller';
import { ContractIncidentsService } from './contracts/contract-incidents.service';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { ReferenceController } from './reference/reference.controller';
import { PolicyService } from './reference/policy.service';
import { HealthController } from './health/health.controller';
import { TaskLinksController } from './task-links/task-links.controller';
import { TaskLinksService } from './task-links/task-links.service';
import { TaskLinksRepository } from './task-links/task-links.repository';
import { MailDataRepository } from './mail/mail-data.repository';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';

export interface AppOptions {
  /** An existing Temporal client (tests on the time-skipping server); otherwise one is connected. */
  temporalClient?: Client;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        TemporalModule.forRoot(options.temporalClient),
      ],
      controllers: [HealthController, ContractsController, ContractIncidentsController, TasksController, ReferenceController, UsersController, TaskLinksController, ReportsController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        PolicyService,
        ContractsService,
        ContractIncidentsService,
        TasksService,
        TaskLinksService,
        TaskLinksRepository,
        MailDataRepository,
        ReportsService,
      ],
    };
  }
}
