// Every workflow type the production worker registers. The benchmark's baseline workflow lives in
// bench/ and runs on a worker of its own.
export { contractApprovalWorkflow } from './contract-approval/contract-approval.workflow';
export { orderTrackingWorkflow } from './order-tracking/order-tracking.workflow';
