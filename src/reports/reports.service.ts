// Reports for ops: permission check, the period the query names, then the figures, read only
// from the reporting projections (ReportsRepository) and assembled by pure code
// (cycle-time-report.ts, dashboard-report.ts).
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { DomainErrorCode } from '../domain/errors';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { validationFailed } from '../common/validation';
import { type AuthUser, isOps } from '../directory/auth';
import type { CycleTimeReport, ReportFilters } from './cycle-time-report';
import { assembleDashboard } from './dashboard-report';
import type { DashboardReport } from './dashboard.dto';
import type { CycleTimeReportQuery } from './report.dto';
import { ReportsRepository } from './reports.repository';

const DEFAULT_PERIOD_DAYS = 30;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The submission period a query names: plain dates are local days of the organisation's time zone. */
export function resolvePeriod(q: Pick<CycleTimeReportQuery, 'from' | 'to'>, now: Date, timeZone: string): { from: string; to: string } {
  const instant = (value: string, endOfDay: boolean) => {
    const t = DateTime.fromISO(value, { zone: timeZone });
    return (DATE_ONLY.test(value) && endOfDay ? t.plus({ days: 1 }) : t).toUTC().toISO()!;
  };
  const to = q.to ? instant(q.to, true) : now.toISOString();
  const from = q.from ? instant(q.from, false) : DateTime.fromISO(to).minus({ days: DEFAULT_PERIOD_DAYS }).toUTC().toISO()!;
  if (Date.parse(from) >= Date.parse(to)) {
    throw validationFailed([{ field: 'from', rule: 'before_to', message: 'from must be before to' }]);
  }
  return { from, to };
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // The default period ends now, and "now amber or red" is judged at now: on skipped time in
    // tests, the test server's now, like the contract page's colour.
    private readonly clock: Clock,
  ) {}

  private filters(user: AuthUser, q: CycleTimeReportQuery, now: Date): ReportFilters {
    if (!isOps(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Reports are for ops');
    return { ...resolvePeriod(q, now, this.config.ORG_TIME_ZONE), repId: q.repId ?? null, country: q.country ?? null };
  }

  cycleTimes(user: AuthUser, q: CycleTimeReportQuery): Promise<CycleTimeReport> {
    return this.reports.cycleTimes(this.filters(user, q, this.clock.now()));
  }

  async dashboard(user: AuthUser, q: CycleTimeReportQuery): Promise<DashboardReport> {
    const now = this.clock.now();
    const filters = this.filters(user, q, now);
    const timeZone = this.config.ORG_TIME_ZONE;
    const [report, rows, atRisk] = await Promise.all([
      this.reports.cycleTimes(filters),
      this.reports.dashboardRows(filters, timeZone),
      this.reports.openContractsAtRisk(filters, now),
    ]);
    return assembleDashboard({ filters, timeZone, targetHours: this.config.CONTRACT_TARGET_HOURS, now, report, ...rows, atRisk });
  }
}
