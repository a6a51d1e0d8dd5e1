// Contracts: submission, revision, withdrawal, their view and history, and the incidents ops see
// and retry. Exports ContractViewsService: tasks read a contract through it before a decision.
import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { ContractIncidentsController } from './contract-incidents.controller';
import { ContractIncidentsService } from './contract-incidents.service';
import { ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';
import { ContractsRepository } from './contracts.repository';
import { ContractViewsService } from './contract-views.service';
import { AdHocApproversRepository } from './ad-hoc-approvers.repository';
import { AdHocApproversService } from './ad-hoc-approvers.service';

@Module({
  imports: [ReferenceModule],
  controllers: [ContractsController, ContractIncidentsController],
  providers: [ContractsRepository, ContractsService, ContractViewsService, ContractIncidentsService, AdHocApproversRepository, AdHocApproversService],
  exports: [ContractViewsService],
})
export class ContractsModule {}
