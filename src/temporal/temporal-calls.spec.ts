// TemporalCalls answers at its deadline even when the SDK does not: against an unreachable
// server the client's retry back-off (up to 5 s a wait) is not cut short by the gRPC deadline.
import type { Client } from '@temporalio/client';
import { defineUpdate } from '@temporalio/workflow';
import { AppError, EdgeErrorCode } from '../common/app-error';
import { TemporalCalls } from './temporal-calls';

/** A client whose every request hangs past any deadline, as the SDK does while it backs off. */
function hangingClient(): Client {
  const never = () => new Promise<never>(() => undefined);
  return {
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => {
      void fn().catch(() => undefined);
      return never();
    },
    workflow: { getHandle: () => ({ executeUpdate: never }), start: never },
  } as unknown as Client;
}

const decide = defineUpdate<unknown, [unknown]>('decide');

describe('TemporalCalls deadlines', () => {
  const calls = new TemporalCalls(hangingClient(), { TEMPORAL_CALL_TIMEOUT_MS: 50, TEMPORAL_UPDATE_TIMEOUT_MS: 80 });

  it('answers an Update with 503 SERVICE_UNAVAILABLE at its deadline, naming the update id that makes a retry safe', async () => {
    const err = await calls.update('contract-1', decide, { args: [{}], updateId: 'decide-t1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: EdgeErrorCode.SERVICE_UNAVAILABLE, details: { dependency: 'temporal', retrySafe: true, updateId: 'decide-t1' } });
  });

  it('answers a start the same way, with the workflow id', async () => {
    const err = await calls.start('contractApprovalWorkflow', { workflowId: 'contract-2', taskQueue: 'q', args: [] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: EdgeErrorCode.SERVICE_UNAVAILABLE, details: { retrySafe: true, workflowId: 'contract-2' } });
  });
});
