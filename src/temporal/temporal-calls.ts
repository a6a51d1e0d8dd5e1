// Every call the API makes to Temporal goes through here, each under a deadline from config
// (the SDK's own Connection.withDeadline: every gRPC request inside the scope, including the
// client's retries and an Update's long polls, fails with DEADLINE_EXCEEDED once it passes).
// Without it an Update to a contract whose worker is down waits forever, and a start or an
// Update against an unreachable server retries for many seconds. Past the deadline the caller
// gets 503 SERVICE_UNAVAILABLE whose details carry the update id or workflow id that makes a
// retry safe.
import type { Client, UpdateDefinition, WorkflowStartOptions } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppConfig } from '../config/env.schema';
import { TemporalDeadlineError, toAppError } from './temporal-errors';

export type TemporalDeadlines = Pick<AppConfig, 'TEMPORAL_CALL_TIMEOUT_MS' | 'TEMPORAL_UPDATE_TIMEOUT_MS'>;

export class TemporalCalls {
  constructor(
    readonly client: Client,
    private readonly deadlines: TemporalDeadlines,
  ) {}

  /**
   * Sends an Update and waits for its result. The update id is required: a retry of the same
   * request must carry the same id, so Temporal applies the action once and returns the first
   * result.
   */
  async update<Ret, Args extends [unknown, ...unknown[]]>(
    workflowId: string,
    def: UpdateDefinition<Ret, Args>,
    options: { args: Args; updateId: string },
  ): Promise<Ret> {
    try {
      return await this.within(this.deadlines.TEMPORAL_UPDATE_TIMEOUT_MS, () =>
        this.client.workflow.getHandle(workflowId).executeUpdate(def, { args: options.args, updateId: options.updateId }),
      );
    } catch (err) {
      throw toAppError(err, { updateId: options.updateId, workflowId });
    }
  }

  /**
   * Starts a workflow; 'already_started' when the workflow id is taken (running, or closed
   * within retention under a REJECT_DUPLICATE reuse policy), which callers treat as success.
   */
  async start(workflowType: string, options: WorkflowStartOptions & { contractId?: string }): Promise<'started' | 'already_started'> {
    const { contractId, ...startOptions } = options;
    try {
      await this.within(this.deadlines.TEMPORAL_CALL_TIMEOUT_MS, () => this.client.workflow.start(workflowType, startOptions));
      return 'started';
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already_started';
      throw toAppError(err, { workflowId: options.workflowId, contractId });
    }
  }

  /** Any other request (a query, describe, a health probe) under the short deadline. */
  async call<T>(fn: (client: Client) => Promise<T>, timeoutMs = this.deadlines.TEMPORAL_CALL_TIMEOUT_MS): Promise<T> {
    try {
      return await this.within(timeoutMs, () => fn(this.client));
    } catch (err) {
      throw toAppError(err);
    }
  }

  /**
   * Runs fn under the gRPC deadline, and answers at the deadline even when the SDK does not: its
   * retry back-off against an unreachable server is not cut short by the deadline. The call left
   * behind ends on its own deadline; its outcome is dropped.
   */
  private async within<T>(ms: number, fn: () => Promise<T>): Promise<T> {
    const call = this.client.withDeadline(Date.now() + ms, fn);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TemporalDeadlineError(ms)), ms);
      timer.unref();
    });
    try {
      return await Promise.race([call, expired]);
    } finally {
      clearTimeout(timer);
      abandon(this.client, call);
    }
  }
}

/** Calls still running per client after their caller got its answer (deadline, or done). */
const inFlight = new WeakMap<Client, Set<Promise<unknown>>>();

function abandon(client: Client, call: Promise<unknown>): void {
  const settled = call.then(
    () => undefined,
    () => undefined,
  );
  const calls = inFlight.get(client) ?? new Set<Promise<unknown>>();
  inFlight.set(client, calls);
  calls.add(settled);
  void settled.finally(() => calls.delete(settled));
}

/**
 * Waits for the calls a deadline left behind to end on their own gRPC deadline. Close a client's
 * connection only after this: the SDK's retry timers would otherwise fire on a closed channel
 * and throw outside any promise.
 */
export async function drainTemporalCalls(client: Client): Promise<void> {
  await Promise.allSettled([...(inFlight.get(client) ?? [])]);
}
