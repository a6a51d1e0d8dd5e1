// Benchmark baseline: 15 no-op activities in sequence, the least any 15-step chain can cost on
// the same server. `npm run bench` reports the engine's cost as a ratio to this.
import { proxyActivities } from '@temporalio/workflow';
import type { BaselineActivities } from './baseline.activities';

const { noop } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export async function baselineWorkflow(input: { steps: number }): Promise<number> {
  let done = 0;
  for (let i = 0; i < input.steps; i++) done += await noop({ step: i });
  return done;
}
