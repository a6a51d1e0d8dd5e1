// Workflow interceptors (bundled into the workflow code, so deterministic and free of Node): the
// correlation id that came with the workflow's start, or with the latest Update or signal, goes
// onto every activity the workflow schedules and onto its log lines. Registered by the worker
// (interceptors.workflowModules in src/worker.ts).
import {
  defaultPayloadConverter,
  type ActivityInput,
  type ContinueAsNewInput,
  type LocalActivityInput,
  type Next,
  type SignalInput,
  type StartChildWorkflowExecutionInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { CORRELATION_HEADER, isValidCorrelationId } from '../src/domain/correlation';

type Headers = WorkflowExecuteInput['headers'];

function correlationIdFrom(headers: Headers): string | undefined {
  const payload = headers[CORRELATION_HEADER];
  if (!payload) return undefined;
  try {
    const value = defaultPayloadConverter.fromPayload(payload);
    return isValidCorrelationId(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** One per workflow execution: the id of the request that last reached it. */
class CorrelationState {
  current: string | undefined;
  take(headers: Headers): void {
    const id = correlationIdFrom(headers);
    if (id) this.current = id;
  }
  withHeader(headers: Headers): Headers {
    if (!this.current || headers[CORRELATION_HEADER]) return headers;
    return { ...headers, [CORRELATION_HEADER]: defaultPayloadConverter.toPayload(this.current) };
  }
}

class CorrelationInbound implements WorkflowInboundCallsInterceptor {
  constructor(private readonly state: CorrelationState) {}
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    this.state.take(input.headers);
    return next(input);
  }
  // Not validateUpdate: a refused Update changes nothing, so its id must not label later work.
  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    this.state.take(input.headers);
    return next(input);
  }
  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    this.state.take(input.headers);
    return next(input);
  }
}

class CorrelationOutbound implements WorkflowOutboundCallsInterceptor {
  constructor(private readonly state: CorrelationState) {}
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    return next({ ...input, headers: this.state.withHeader(input.headers) });
  }
  scheduleLocalActivity(input: LocalActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>): Promise<unknown> {
    return next({ ...input, headers: this.state.withHeader(input.headers) });
  }
  // A new run (continue-as-new) or a child starts with the id, as a start from the API would.
  continueAsNew(input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>): Promise<never> {
    return next({ ...input, headers: this.state.withHeader(input.headers) });
  }
  startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ): Promise<[Promise<string>, Promise<unknown>]> {
    return next({ ...input, headers: this.state.withHeader(input.headers) });
  }
  getLogAttributes(input: Record<string, unknown>, next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>): Record<string, unknown> {
    return next(this.state.current ? { ...input, correlationId: this.state.current } : input);
  }
}

export const interceptors = (): WorkflowInterceptors => {
  const state = new CorrelationState();
  return { inbound: [new CorrelationInbound(state)], outbound: [new CorrelationOutbound(state)] };
};
