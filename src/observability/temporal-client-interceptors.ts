// The API's Temporal client stamps the request's correlation id (src/observability/correlation.ts)
// on what it sends a workflow: a start carries it as a header and in the memo (so the contract's
// starting id stays visible in the Temporal UI and `describe`), an Update or signal as a header.
// The workflow interceptors (workflows/interceptors.ts) take it from there to the activities.
import type { WorkflowClientInterceptor, WorkflowSignalWithStartInput, WorkflowStartInput } from '@temporalio/client';
import { currentCorrelationId, withCorrelationHeader } from './correlation';

function stampStart<T extends WorkflowStartInput | WorkflowSignalWithStartInput>(input: T): T {
  const correlationId = currentCorrelationId();
  if (!correlationId) return input;
  return {
    ...input,
    headers: withCorrelationHeader(input.headers, correlationId),
    options: { ...input.options, memo: { ...input.options.memo, correlationId } },
  };
}

export function correlationClientInterceptor(): WorkflowClientInterceptor {
  return {
    start: (input, next) => next(stampStart(input)),
    startWithDetails: (input, next) => next(stampStart(input)),
    signalWithStart: (input, next) => next(stampStart(input)),
    startUpdate: (input, next) => next({ ...input, headers: withCorrelationHeader(input.headers, currentCorrelationId()) }),
    signal: (input, next) => next({ ...input, headers: withCorrelationHeader(input.headers, currentCorrelationId()) }),
  };
}
