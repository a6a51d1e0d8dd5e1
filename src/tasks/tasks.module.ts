// Approval tasks: the caller's inbox, decisions, delegation and deadline moves.
// Exports TasksService: a decision taken on a task page goes through the same checks.
import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module';
import { ReferenceModule } from '../reference/reference.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { TasksRepository } from './tasks.repository';
import { UrgeController } from './urge.controller';
import { UrgeService } from './urge.service';

@Module({
  imports: [ContractsModule, ReferenceModule],
  controllers: [TasksController, UrgeController],
  providers: [TasksService, TasksRepository, UrgeService],
  exports: [TasksService],
})
export class TasksModule {}
