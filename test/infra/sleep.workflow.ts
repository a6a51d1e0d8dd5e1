// A workflow that only sleeps, for checking that the time-skipping test server skips timers.
import { sleep } from '@temporalio/workflow';

export interface SleepResult {
  /** Workflow time before and after the sleep, in ms since the epoch. */
  startedAt: number;
  finishedAt: number;
}

export async function sleepWorkflow(input: { days: number }): Promise<SleepResult> {
  const startedAt = Date.now();
  await sleep(`${input.days} days`);
  return { startedAt, finishedAt: Date.now() };
}
