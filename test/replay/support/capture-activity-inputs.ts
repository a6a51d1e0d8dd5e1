// Workflow interceptor for the replay test: hands every activity and local activity the workflow
// schedules (its type and input) to a sink, so the test can compare what the code produces on replay with
// what the original run sent. Runs in the workflow sandbox: imports only @temporalio/workflow.
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface CaptureSinks extends Sinks {
  capture: {
    activityScheduled(activityType: string, args: unknown[]): void;
    localActivityScheduled(activityType: string, args: unknown[]): void;
  };
}

const { capture } = proxySinks<CaptureSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        capture.activityScheduled(input.activityType, input.args);
        return next(input);
      },
      scheduleLocalActivity(input, next) {
        capture.localActivityScheduled(input.activityType, input.args);
        return next(input);
      },
    },
  ],
});
