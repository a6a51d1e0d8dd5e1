// The RPA worker's activities as the approval workflow calls them: on their own task queue
// (src/rpa-worker.ts), so a slow ERP holds only the RPA worker's browser slots. The queue's name
// comes with the workflow input (the starter sets it from RPA_TASK_QUEUE), never from process.env.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { RpaActivities } from '../../activities/rpa.activity.types';
import type { ContractWorkflowInput } from '../../src/domain/chain/engine.types';

/**
 * Patch marker of the runs whose order bot runs on the RPA queue (enters the order in the ERP).
 * Runs recorded before it, and runs whose input names no RPA queue (tests, simulator, benchmark),
 * create the order in our table only, on the main queue.
 */
export const ORDER_BOT_ON_RPA_QUEUE_PATCH = 'order-bot-on-rpa-queue';

/** The RPA queue this run's order bot uses, or undefined for the main queue's createOrder. */
export function orderBotQueue(input: ContractWorkflowInput): string | undefined {
  // patched() only when a queue is named: the input is part of the history, so replay takes the same branch.
  return input.rpaTaskQueue && patched(ORDER_BOT_ON_RPA_QUEUE_PATCH) ? input.rpaTaskQueue : undefined;
}

// A browser run takes seconds to a minute; bounded like the main activities, so a bot that keeps
// failing opens an incident (after about ten minutes) instead of retrying forever. A run that
// fails leaves its bot_runs row and screenshot each time.
export function rpaActivities(taskQueue: string) {
  return proxyActivities<RpaActivities>({
    taskQueue,
    startToCloseTimeout: '5 minutes',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 8 },
  });
}
