// HTTP surface for reports (ops only): the cycle-time report and the ops dashboard, each as JSON
// or, with ?format=csv (or the .csv path), as CSV.
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../directory/auth';
import { DashboardReport } from './dashboard.dto';
import { CycleTimeReportQuery } from './report.dto';
import { dashboardToCsv, reportToCsv } from './report-csv';
import { ReportsService } from './reports.service';

function sendCsv(res: Response, filename: string, csv: string): string {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  return csv;
}

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
    return q.format === 'csv' ? sendCsv(res, 'cycle-times.csv', reportToCsv(report)) : report;
  }

  @Get('dashboard')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'The ops dashboard over a period (default the last 30 days, organisation time zone); ?format=csv for CSV',
    description:
      'Cycle-time distribution against the target, weekly p50/p90, share within target, share of automatic step decisions, waiting time per step, decision time per approver, SLA breaches and escalations, and the open contracts now amber or red.',
  })
  @ApiOkResponse({ type: DashboardReport })
  async dashboard(@CurrentUser() user: AuthUser, @Query() q: CycleTimeReportQuery, @Res({ passthrough: true }) res: Response): Promise<DashboardReport | string> {
    const report = await this.reports.dashboard(user, q);
    return q.format === 'csv' ? sendCsv(res, 'dashboard.csv', dashboardToCsv(report)) : report;
  }

  @Get('dashboard.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The ops dashboard as CSV (section, key, metric, value): what /api/reports/dashboard shows, for the same query' })
  @ApiOkResponse({ schema: { type: 'string' } })
  async dashboardCsv(@CurrentUser() user: AuthUser, @Query() q: CycleTimeReportQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    return sendCsv(res, 'dashboard.csv', dashboardToCsv(await this.reports.dashboard(user, q)));
  }
}
