// The reporting reads: the cycle-time report's four aggregates and the dashboard's two (reviewed
// SQL over the projections report_contract_facts / report_step_facts, built in
// cycle-time-report.ts and dashboard-report.ts), and the open contracts now amber or red (the
// contracts table, filtered by the domain's RAG formula rendered as SQL).
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ContractEntity } from '../contracts/contract.entity';
import { UsersRepository } from '../directory/users.repository';
import { RAG_AT_NOW } from '../contracts/contracts.repository';
import { type CycleTimeReport, type ReportFilters, type ReportOptions, runCycleTimeReport } from './cycle-time-report';
import { type AtRiskRow, buildDashboardSql, type HistogramRow, type WeeklyRow } from './dashboard-report';

/** At most this many contracts at risk are listed (oldest first, before ordering by time left). */
export const AT_RISK_LIMIT = 500;

@Injectable()
export class ReportsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  cycleTimes(filters: ReportFilters, options: ReportOptions = {}): Promise<CycleTimeReport> {
    return runCycleTimeReport((sql, params) => this.db.query(sql, params), filters, options);
  }

  async dashboardRows(filters: ReportFilters, timeZone: string): Promise<{ histogram: HistogramRow[]; weekly: WeeklyRow[] }> {
    const sql = buildDashboardSql(filters, timeZone);
    const [histogram, weekly] = await Promise.all([
      this.db.query(sql.histogram.sql, sql.histogram.params) as Promise<HistogramRow[]>,
      this.db.query(sql.weekly.sql, sql.weekly.params) as Promise<WeeklyRow[]>,
    ]);
    return { histogram, weekly };
  }

  /** Contracts in review or back with the rep whose colour at `now` is amber or red. */
  async openContractsAtRisk(filters: Pick<ReportFilters, 'repId' | 'country'>, now: Date): Promise<AtRiskRow[]> {
    const q = this.db
      .getRepository(ContractEntity)
      .createQueryBuilder('c')
      .where(`c.status IN ('in_review', 'changes_requested')`)
      .andWhere(`${RAG_AT_NOW} IN ('amber', 'red')`, { now: now.toISOString() });
    if (filters.repId) q.andWhere('c.submitter_id = :repId', { repId: filters.repId });
    if (filters.country) q.andWhere('c.customer_country = :country', { country: filters.country });
    const contracts = await q.orderBy('c.submittedAt', 'ASC').addOrderBy('c.id', 'ASC').limit(AT_RISK_LIMIT).getMany();
    const reps = new Map((await new UsersRepository(this.db).findByIds(contracts.map((c) => c.submitterId))).map((u) => [u.id, u.displayName]));
    return contracts.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status as AtRiskRow['status'],
      repId: c.submitterId,
      repName: reps.get(c.submitterId) ?? null,
      currentSteps: c.currentSteps,
      submittedAt: c.submittedAt,
      targetHours: c.targetHours,
      reworkMs: c.reworkMs,
      reworkSince: c.reworkSince,
      anyStepBreached: c.anyStepBreached,
    }));
  }
}
