// Task pages opened from an e-mail link: one-time tokens, the page, and the decision posted from it.
import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { TasksModule } from '../tasks/tasks.module';
import { TaskLinksController } from './task-links.controller';
import { TaskLinksRepository } from './task-links.repository';
import { TaskLinksService } from './task-links.service';

@Module({
  imports: [TasksModule, MailModule],
  controllers: [TaskLinksController],
  providers: [TaskLinksService, TaskLinksRepository],
})
export class TaskLinksModule {}
