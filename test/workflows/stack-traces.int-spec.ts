// WORKFLOW_STACK_TRACES: Temporal UI's "Stack Trace" tab asks a workflow the SDK's __stack_trace
// query. With the setting on, the worker's workflow threads record where each promise was made
// and a contract waiting on a person answers with its stack in our sources; off (the default),
// the SDK's promise hook is never installed (patches/README.md) and the query says so. Each block
// is a worker of its own: the workflow threads read the setting when they start.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestStack } from '../support/stack';
import { withApiStack } from '../support/api-stack';
import { aContract } from '../factories/contract.factory';
import { type Api, openTaskFor, settled, submit } from '../support/contracts';
import { contractWorkflowId } from '../../workflows/contract-approval/messages';

jest.setTimeout(180_000);

/** Submits a contract that waits on finance review (payment terms of 90 days) and asks its workflow for its stack trace. */
async function stackTraceOfWaitingContract(api: Api, stack: TestStack): Promise<string> {
  const id = await submit(api, aContract({ title: 'Stack trace', paymentTermsDays: 90 }));
  openTaskFor(await settled(api, id, stack), 'finance_review');
  return stack.client.workflow.getHandle(contractWorkflowId(id)).query<string>('__stack_trace');
}

describe('WORKFLOW_STACK_TRACES=true', () => {
  let stack: TestStack;
  let api: Api;
  withApiStack({ config: { WORKFLOW_STACK_TRACES: 'true' } }, (running: { env: TestWorkflowEnvironment; stack: TestStack; api: Api }) => ({ stack, api } = running));

  test('a contract waiting on a person answers the stack trace query with where it waits, in our sources', async () => {
    const trace = await stackTraceOfWaitingContract(api, stack);
    expect(trace).toMatch(/workflows\/contract-approval\/[\w-]+\.ts:\d+:\d+/);
  });
});

describe('WORKFLOW_STACK_TRACES unset (off)', () => {
  let stack: TestStack;
  let api: Api;
  withApiStack({}, (running) => ({ stack, api } = running));

  test('the workflow runs as ever and the stack trace query answers that stack traces are not enabled', async () => {
    await expect(stackTraceOfWaitingContract(api, stack)).rejects.toThrow(/stack traces are not enabled/i);
  });
});
