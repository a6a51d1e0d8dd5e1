// The fast tier's harness: one time-skipping test server and one workflow bundle per test file,
// and per test a worker on its own task queue running the real approval workflow against
// in-memory activities (stub-activities.ts). No PostgreSQL, SMTP, Nest or dev server.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateStage, type UpdateDefinition, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../../support/time-skipping';
import { waitFor } from '../../support/wait';
import { aContract } from '../../factories/contract.factory';
import type { ContractSnapshot, ContractWorkflowInput, DecisionRequest } from '../../../src/domain/chain/engine.types';
import type { ContractSubmission } from '../../../src/domain/contract/contract.types';
import { SLIM_POLICY } from '../../../src/domain/chain/slim.policy';
import type { contractApprovalWorkflow } from '../../../workflows/contract-approval/contract-approval.workflow';
import { CONTRACT_WORKFLOW_TYPE, contractWorkflowId, decideUpdate, stateQuery } from '../../../workflows/contract-approval/messages';
import { createStubActivities, type StubActivities, type StubOptions } from './stub-activities';

export const SUBMITTER = 'rep:alice';

export interface FastEnv {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundle;
}

/** Starts the time-skipping server and bundles the workflow once for the file; returns a getter. */
export function useFastEnv(): () => FastEnv {
  let fast: FastEnv | undefined;
  beforeAll(async () => {
    const [env, bundle] = await Promise.all([
      createTimeSkippingEnv(),
      bundleWorkflowCode({ workflowsPath: require.resolve('../../../workflows'), logger: new DefaultLogger('ERROR') }),
    ]);
    fast = { env, bundle };
  }, 120_000);
  afterAll(async () => {
    await fast?.env.teardown();
  });
  return () => {
    if (!fast) throw new Error('useFastEnv: the environment is not up (beforeAll failed)');
    return fast;
  };
}

export interface RunningContract {
  id: string;
  input: ContractWorkflowInput;
  handle: WorkflowHandle<typeof contractApprovalWorkflow>;
  stubs: StubActivities;
  env: TestWorkflowEnvironment;
  state(): Promise<ContractSnapshot>;
  /** Waits until the contract has an open task on `stepKey`; returns it. */
  openTask(stepKey: string): Promise<ContractSnapshot['openTasks'][number]>;
  /** Waits until the snapshot satisfies `ok`. */
  until(what: string, ok: (s: ContractSnapshot) => boolean): Promise<ContractSnapshot>;
  decide(req: DecisionRequest): Promise<ContractSnapshot>;
  /** Sends an Update and waits for its answer (a refused one throws, with the refusal's code as the failure type). */
  update<Req>(def: UpdateDefinition<ContractSnapshot, [Req]>, req: Req): Promise<ContractSnapshot>;
}

export interface ContractSetup {
  stubs?: StubOptions;
  /** Changes to the routine contract (test/factories), dated from the server's skipped time. */
  contract?: Partial<ContractSubmission>;
  /** Workflow input fields to replace (policy, historyLimit, ...). */
  input?: Partial<ContractWorkflowInput>;
}

/** Starts one contract on a fresh worker and runs `body` while the worker runs; the worker stops after. */
export async function withContract<T>(fast: FastEnv, setup: ContractSetup, body: (c: RunningContract) => Promise<T>): Promise<T> {
  const { env, bundle } = fast;
  const stubs = createStubActivities(setup.stubs);
  const taskQueue = `fast-${randomUUID()}`;
  const id = randomUUID();
  const now = new Date(await env.currentTimeMs());
  const input: ContractWorkflowInput = {
    contractId: id,
    submitterId: SUBMITTER,
    submittedAt: now.toISOString(),
    submission: aContract(setup.contract, now),
    policy: SLIM_POLICY,
    searchAttributes: false,
    ...setup.input,
  };
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: stubs.activities });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start<typeof contractApprovalWorkflow>(CONTRACT_WORKFLOW_TYPE, {
      args: [input],
      taskQueue,
      workflowId: contractWorkflowId(id),
    });
    const state = () => handle.query(stateQuery);
    let seen: ContractSnapshot | undefined;
    const until = (what: string, ok: (s: ContractSnapshot) => boolean) =>
      waitFor(
        async () => {
          seen = await state();
          return ok(seen) ? seen : null;
        },
        what,
        { timeoutMs: 20_000, intervalMs: 25, describe: () => `last state: ${JSON.stringify(seen)}\nactivity calls: ${stubs.calls.map((x) => x.name).join(', ')}` },
      );
    // Accepted first, then the result polled: the Java test server sometimes never answers a
    // synchronous executeUpdate whose handler awaited several activities, though its history
    // records the update completed; polling for the result does get it.
    const update = async <Req>(def: UpdateDefinition<ContractSnapshot, [Req]>, req: Req) =>
      (await handle.startUpdate(def, { args: [req], waitForStage: WorkflowUpdateStage.ACCEPTED })).result();
    const contract: RunningContract = {
      id,
      input,
      handle,
      stubs,
      env,
      state,
      until,
      openTask: async (stepKey) => (await until(`an open ${stepKey} task`, (s) => s.openTasks.some((t) => t.stepKey === stepKey))).openTasks.find((t) => t.stepKey === stepKey)!,
      update,
      decide: (req) => update(decideUpdate, req),
    };
    try {
      return await body(contract);
    } finally {
      // A run left waiting (a task, an incident) would hold its timers with no worker to run
      // them, and the time-skipping server then sleeps in real time for every later test.
      const latest = env.client.workflow.getHandle(handle.workflowId);
      if ((await latest.describe()).status.name === 'RUNNING') await latest.terminate('test over');
    }
  });
}

/** The failure type (our DomainErrorCode) of a refused Update, or 'accepted'. */
export async function refusal(update: Promise<unknown>): Promise<string> {
  try {
    await update;
    return 'accepted';
  } catch (err) {
    const cause = (err as { cause?: { type?: string } }).cause;
    return cause?.type ?? `unexpected ${String(err)}`;
  }
}

/** Polls until `probe` is truthy (a stub call arriving after a timer fired). */
export const eventually = <T>(what: string, probe: () => T | undefined | null | false): Promise<T> => waitFor(async () => probe(), what, 20_000, 25);
