// Contracts that need attention: a workflow whose activity failed for good (a data error, or
// every retry used up) stops at that point and records an incident on the contract. Ops list
// them and ask the workflow to retry; the retry is an Update, so the workflow decides whether
// there is anything to retry (409 NO_INCIDENT when nothing is stuck).
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainErrorCode } from '../domain/errors';
import type { Incident } from '../domain/chain/engine.types';
import { AppError } from '../common/app-error';
import { type AuthUser, isOps } from '../directory/auth';
import { TemporalCalls } from '../temporal/temporal-calls';
import { contractWorkflowId, retryUpdate } from '../../workflows/contract-approval/messages';
import { ContractsService, iso } from './contracts.service';

@Injectable()
export class ContractIncidentsService {
  constructor(
    private readonly db: DataSource,
    private readonly temporal: TemporalCalls,
    private readonly contracts: ContractsService,
  ) {}

  /** Every contract with an open incident, oldest incident first (ops only). */
  async list(user: AuthUser) {
    if (!isOps(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only ops see the contracts that need attention');
    const rows = await this.db.query(
      `SELECT id, title, status, revision, submitter_id, submitted_at, incidents FROM contracts WHERE incidents IS NOT NULL ORDER BY submitted_at LIMIT 500`,
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      title: r.title as string,
      status: r.status as string,
      revision: r.revision as number,
      submittedAt: iso(r.submitted_at),
      incidents: r.incidents as Incident[],
    }));
  }

  /** Asks the contract's workflow to retry the failed activity of each open incident. */
  async retry(user: AuthUser, id: string, origin: Record<string, unknown>) {
    if (!isOps(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only ops retry a contract that needs attention');
    await this.contracts.requireVisible(user, id);
    // Every retry is its own request: a second click retries again, which is harmless.
    const snapshot = await this.temporal.update(contractWorkflowId(id), retryUpdate, {
      args: [{ userId: user.id, origin }],
      updateId: `retry-${id}-${randomUUID()}`,
    });
    return { contractId: id, incidents: snapshot.incidents ?? [], status: snapshot.status };
  }
}
