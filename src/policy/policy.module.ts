// Policy versions and drafts edited through the API (/api/policy). PolicyService, which picks the
// version in force for new contracts, stays in ReferenceModule; activation asks it to reload.
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReferenceModule } from '../reference/reference.module';
import { PolicyAdminService } from './policy-admin.service';
import { PolicyController } from './policy.controller';
import { PolicyRepository } from './policy.repository';
import { WhatIfService } from './what-if.service';
import { SimulationJobRunner } from './simulation-job-runner';
import { SimulationJobsController } from './simulation-jobs.controller';
import { SimulationJobsService } from './simulation-jobs.service';

@Module({
  imports: [ReferenceModule],
  controllers: [PolicyController, SimulationJobsController],
  providers: [
    PolicyAdminService,
    WhatIfService,
    SimulationJobsService,
    SimulationJobRunner,
    { provide: PolicyRepository, inject: [DataSource], useFactory: (db: DataSource) => new PolicyRepository(db) },
  ],
})
export class PolicyModule {}
