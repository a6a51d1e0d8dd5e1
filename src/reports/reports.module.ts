// Reports for ops over the reporting projections: the cycle-time report and the ops dashboard
// (JSON and CSV). The projections are written by report-projection.repository.ts, in the
// workflow's progress transaction.
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [{ provide: ReportsRepository, inject: [DataSource], useFactory: (db: DataSource) => new ReportsRepository(db) }, ReportsService],
})
export class ReportsModule {}
