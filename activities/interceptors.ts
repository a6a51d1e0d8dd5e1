// Activity interceptors: an activity runs inside the correlation context its workflow's header
// names (src/observability/correlation.ts), so the worker's pino lines written during it (the
// mail log line among them) carry the id, and the SDK's own activity log lines get it as an
// attribute. Registered by the worker (interceptors.activity in src/worker.ts).
import type { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptors, Next } from '@temporalio/worker';
import { correlationIdFromHeaders, runWithCorrelationId } from '../src/observability/correlation';

export function correlationActivityInterceptors(_ctx: Context): ActivityInterceptors {
  let correlationId: string | undefined;
  const inbound: ActivityInboundCallsInterceptor = {
    execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
      correlationId = correlationIdFromHeaders(input.headers);
      return correlationId ? runWithCorrelationId(correlationId, () => next(input)) : next(input);
    },
  };
  return {
    inbound,
    outbound: {
      getLogAttributes: (attrs, next) => next(correlationId ? { ...attrs, correlationId } : attrs),
    },
  };
}
