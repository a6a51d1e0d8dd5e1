// Every workflow type the worker registers.
export { contractApprovalWorkflow } from './contract-approval/contract-approval.workflow';
export { baselineWorkflow } from './baseline.workflow';
