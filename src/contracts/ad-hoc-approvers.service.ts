// Adding an approver to a running contract: sales managers and ops. The API checks what it can
// know from the directory (the person exists, is active, holds a role that approves, is not the
// submitter; the step is one of the contract's) and names the field; the workflow's addApprover
// validator decides everything that depends on the run's state now (step passed, contract
// halted or finished) with the domain's rule (src/domain/chain/ad-hoc-step.ts).
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError, type FieldError } from '../common/app-error';
import { validationFailed } from '../common/validation';
import { type AuthUser, isOps } from '../directory/auth';
import { isAdHocStepKey } from '../domain/chain/ad-hoc-step';
import type { Role } from '../domain/chain/policy.types';
import { SLIM_POLICY } from '../domain/chain/slim.policy';
import { DomainErrorCode } from '../domain/errors';
import { approvingRoles } from '../domain/routing/delegation-eligibility';
import { TemporalCalls } from '../temporal/temporal-calls';
import { addApproverUpdate, contractWorkflowId } from '../../workflows/contract-approval/messages';
import type { AddApproverDto } from './ad-hoc-approvers.dto';
import { AdHocApproversRepository } from './ad-hoc-approvers.repository';
import { ContractViewsService } from './contract-views.service';

/** Roles that may add an approver to a running contract. */
export const ADDS_APPROVERS: readonly string[] = ['sales_manager', 'ops'];

@Injectable()
export class AdHocApproversService {
  constructor(
    private readonly repo: AdHocApproversRepository,
    private readonly views: ContractViewsService,
    private readonly temporal: TemporalCalls,
  ) {}

  async add(user: AuthUser, contractId: string, dto: AddApproverDto, origin: Record<string, unknown>) {
    if (!isOps(user) && !user.roles.includes('sales_manager')) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only sales managers and ops add approvers');
    const contract = await this.views.requireVisible(user, contractId);
    const [person, stepKeys] = await Promise.all([this.repo.person(dto.userId), this.repo.stepKeys(contractId)]);
    const errors: FieldError[] = [];
    // Policy versions differ only in thresholds, never in who decides a step: the slim chain's roles.
    const approving = approvingRoles(SLIM_POLICY.steps);
    const role = person?.roles.find((r) => approving.has(r)) as Role | undefined;
    if (!person) errors.push({ field: 'userId', rule: 'exists', message: 'userId names no user' });
    else if (!person.roles.length) errors.push({ field: 'userId', rule: 'active', message: 'userId names an inactive user (holds no role)' });
    else if (!role) errors.push({ field: 'userId', rule: 'approver', message: `userId must hold a role that approves (${[...approving].join(', ')})` });
    else if (person.id === contract.submitterId) errors.push({ field: 'userId', rule: 'notSubmitter', message: "userId is the contract's submitter, who cannot approve it" });
    if (!stepKeys.includes(dto.stepAfter)) {
      const known = stepKeys.filter((k) => !isAdHocStepKey(k)).join(', ');
      errors.push({ field: 'stepAfter', rule: 'exists', message: `stepAfter names no step of this contract (${known || 'none yet'})` });
    }
    if (errors.length) throw validationFailed(errors);
    const reason = dto.reason.trim();
    // The same request (double click, retry) lands on the same Update and adds one step.
    const requestKey = dto.requestId ?? createHash('sha256').update(JSON.stringify([contractId, contract.revision, dto.userId, dto.stepAfter, reason])).digest('hex').slice(0, 32);
    try {
      await this.temporal.update(contractWorkflowId(contractId), addApproverUpdate, {
        args: [{ requestKey, byUserId: user.id, userId: dto.userId, role: role!, approverName: person!.displayName, stepAfter: dto.stepAfter, reason, origin }],
        updateId: `add-approver-${contractId}-${requestKey}`,
      });
    } catch (err) {
      // The validator's field refusals (a closing step) read like the API's own: errors[] names the field.
      const field = err instanceof AppError && err.code === DomainErrorCode.VALIDATION_FAILED ? err.details?.field : undefined;
      if (typeof field === 'string') throw validationFailed([{ field, rule: 'allowed', message: (err as AppError).message }]);
      throw err;
    }
    return this.views.get(user, contractId);
  }
}
