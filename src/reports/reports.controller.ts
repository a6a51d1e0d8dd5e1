// HTTP surface for reports (ops only): the cycle-time report as JSON or CSV.
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../directory/auth';
import { CycleTimeReportQuery } from './report.dto';
import { reportToCsv } from './report-csv';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('cycle-times')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Cycle times against the 72-hour target, per step, bottlenecks and approvers (ops); ?format=csv for CSV' })
  async cycleTimes(@CurrentUser() user: AuthUser, @Query() q: CycleTimeReportQuery, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.cycleTimes(user, q);
    if (q.format !== 'csv') return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="cycle-times.csv"');
    return reportToCsv(report);
  }
}
