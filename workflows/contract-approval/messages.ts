// The messages the contract workflow accepts. Human actions are Updates with validators, so a
// caller learns at once whether its action was accepted, and why not; queries only read.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AddApproverRequest } from '../../src/domain/chain/ad-hoc-step';
import type {
  ContractSnapshot,
  DeadlineRequest,
  DecisionRequest,
  DelegateRequest,
  RetryRequest,
  RevisionRequest,
  WithdrawRequest,
} from '../../src/domain/chain/engine.types';

export const CONTRACT_WORKFLOW_TYPE = 'contractApprovalWorkflow';
export const contractWorkflowId = (contractId: string) => `contract-${contractId}`;

export const decideUpdate = defineUpdate<ContractSnapshot, [DecisionRequest]>('decide');
export const reviseUpdate = defineUpdate<ContractSnapshot, [RevisionRequest]>('revise');
export const withdrawUpdate = defineUpdate<ContractSnapshot, [WithdrawRequest]>('withdraw');
export const delegateUpdate = defineUpdate<ContractSnapshot, [DelegateRequest]>('delegate');
export const changeDeadlineUpdate = defineUpdate<ContractSnapshot, [DeadlineRequest]>('changeDeadline');
/** Ops: retry the failed activity of every open incident (the contract needs attention). */
export const retryUpdate = defineUpdate<ContractSnapshot, [RetryRequest]>('retryIncidents');
/** A sales manager or ops adds an approver's step after a step of the chain (ad-hoc-approvers.ts). */
export const addApproverUpdate = defineUpdate<ContractSnapshot, [AddApproverRequest]>('addApprover');
export const stateQuery = defineQuery<ContractSnapshot>('state');
