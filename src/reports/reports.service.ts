// Reports for ops: permission check, the period the query names, then the report itself
// (src/reports/cycle-time-report.ts), which reads only the reporting projections.
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { DomainErrorCode } from '../domain/errors';
import { AppError } from '../common/app-error';
import { validationFailed } from '../common/validation';
import { type AuthUser, isOps } from '../directory/auth';
import { type CycleTimeReport, type ReportFilters, runCycleTimeReport } from './cycle-time-report';
import type { CycleTimeReportQuery } from './report.dto';

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
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async cycleTimes(user: AuthUser, q: CycleTimeReportQuery): Promise<CycleTimeReport> {
    if (!isOps(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Reports are for ops');
    const filters: ReportFilters = { ...resolvePeriod(q, new Date(), this.config.ORG_TIME_ZONE), repId: q.repId ?? null, country: q.country ?? null };
    return runCycleTimeReport((sql, params) => this.db.query(sql, params), filters);
  }
}
