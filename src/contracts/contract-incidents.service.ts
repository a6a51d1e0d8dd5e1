// Contracts that need attention: a workflow whose activity failed for good (a data error, or
// every retry used up) stops at that point and records an incident on the contract. Ops list
// them and ask the workflow to retry; the retry is an Update, so the workflow decides whether
// there is anything to retry (409 NO_INCIDENT when nothing is stuck).
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainErrorCode } from '../domain/errors';
import { AppError } from '../common/app-error';
import { type AuthUser, isOps } from '../directory/auth';
import { TemporalCalls } from '../temporal/temporal-calls';
import { contractWorkflowId, retryUpdate } from '../../workflows/contract-approval/messages';
import { ContractViewsService, iso } from './contract-views.service';
import { ContractsRepository } from './contracts.repository';

@Injectable()
export class ContractIncidentsService {
  constructor(
    private readonly repo: ContractsRepository,
    private readonly temporal: TemporalCalls,
    private readonly contracts: ContractViewsService,
  ) {}

  /** Every contract with an open incident, oldest incident first (ops only). */
  async list(user: AuthUser) {
    if (!isOps(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only ops see the contracts that need attention');
    return (await this.repo.needingAttention(500)).map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status as string,
      revision: c.revision,
      submittedAt: iso(c.submittedAt),
      incidents: c.incidents ?? [],
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
