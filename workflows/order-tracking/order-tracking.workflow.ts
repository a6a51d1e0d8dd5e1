// The status bot: one long-running workflow per ERP order (id order-tracking-<contract>), started
// idempotently by the order bot once the order is in the ERP. It reads the order's status in the
// ERP (on the RPA queue, where the browsers are) every `pollEvery`, records each change on the
// contract (main queue: erpStatus, the history with the ERP's times, an audit event, the rep's
// mail when it ships), and ends when the order is invoiced. It continues as new after
// `pollsPerRun` polls so its history stays short however long delivery takes.
import type { Duration } from '@temporalio/common';
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { ErpOrderStatus, OrderTrackingActivities, RpaActivities } from '../../activities/rpa.activity.types';

export const ORDER_TRACKING_WORKFLOW_TYPE = 'orderTrackingWorkflow';
export const orderTrackingWorkflowId = (contractId: string) => `order-tracking-${contractId}`;

export interface OrderTrackingInput {
  contractId: string;
  erpOrderNumber: string;
  /** The RPA worker's task queue (from the starter's configuration, never from process.env). */
  rpaTaskQueue: string;
  /** Time between two reads of the ERP, e.g. '1 hour' (default). */
  pollEvery?: Duration;
  /** Continue as new after this many polls (default 100). */
  pollsPerRun?: number;
  /** Carried over continue-as-new: the status last recorded. */
  lastStatus?: ErpOrderStatus;
}

// Recording retries until the database answers: a status read is never lost.
const record = proxyActivities<OrderTrackingActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function orderTrackingWorkflow(input: OrderTrackingInput): Promise<{ status: ErpOrderStatus }> {
  // An ERP that is down is read again with backoff (up to the poll interval's order of magnitude).
  const erp = proxyActivities<Pick<RpaActivities, 'readOrderStatus'>>({
    taskQueue: input.rpaTaskQueue,
    startToCloseTimeout: '5 minutes',
    retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
  });
  let last = input.lastStatus;
  const polls = input.pollsPerRun ?? 100;
  for (let i = 0; i < polls; i++) {
    const reading = await erp.readOrderStatus({ erpOrderNumber: input.erpOrderNumber });
    if (reading.status !== last) {
      await record.recordOrderStatus({ contractId: input.contractId, erpOrderNumber: input.erpOrderNumber, reading });
      last = reading.status;
    }
    if (reading.status === 'invoiced') return { status: 'invoiced' };
    await sleep(input.pollEvery ?? '1 hour');
  }
  return continueAsNew<typeof orderTrackingWorkflow>({ ...input, lastStatus: last });
}
