// The RPA bots' runs for ops (GET /api/ops/bot-runs); the rows are written by the RPA worker.
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BotRunsController } from './bot-runs.controller';
import { BotRunsRepository } from './bot-runs.repository';
import { BotRunsService } from './bot-runs.service';

@Module({
  controllers: [BotRunsController],
  providers: [{ provide: BotRunsRepository, inject: [DataSource], useFactory: (db: DataSource) => new BotRunsRepository(db) }, BotRunsService],
})
export class BotRunsModule {}
