// Urging a waiting task (催办): the submitting rep sends the contract's workflow an `urge`
// Update, whose validator is the authority on the rate limit (once per business hour per task);
// here only what the API can answer first: the task exists and the caller may see it (404), it is
// the contract's rep (403), the task is still open (409).
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { type AuthUser } from '../directory/auth';
import { DomainErrorCode } from '../domain/errors';
import { alreadyDecidedMessage } from '../domain/routing/decision-eligibility';
import { TemporalCalls } from '../temporal/temporal-calls';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';
import { urgeUpdate, type UrgeResult } from '../../workflows/contract-approval/urging';
import { TasksService } from './tasks.service';
import { iso } from '../contracts/contract-views.service';

@Injectable()
export class UrgeService {
  constructor(
    private readonly tasks: TasksService,
    private readonly temporal: TemporalCalls,
  ) {}

  async urge(user: AuthUser, taskId: string, note: string | undefined, origin: Record<string, unknown>): Promise<UrgeResult> {
    const { task, contract } = await this.tasks.requireVisible(user, taskId);
    if (user.id !== contract.submitterId) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only the rep who submitted the contract may urge its tasks');
    if (task.status !== 'open') {
      throw new AppError(DomainErrorCode.TASK_ALREADY_DECIDED, alreadyDecidedMessage(task), { status: task.status, decision: task.decision, decidedAt: iso(task.decidedAt) });
    }
    // Every click is its own Update (a fresh id): a double click is the second urge within the
    // business hour, which the validator refuses with 429 and the time, rather than a replay of
    // the first one's answer.
    return this.temporal.update(contractWorkflowId(task.contractId), urgeUpdate, {
      args: [{ taskId, userId: user.id, note: note?.trim() || undefined, origin }],
      updateId: `urge-${taskId}-${randomUUID()}`,
    });
  }
}
