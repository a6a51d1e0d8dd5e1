// Starts the workflow of a stored contract and records that it runs. The API calls it right
// after a submission commits; the worker's reconciler calls it for contracts stored while
// Temporal was unreachable. The workflow id is the business key (contract-<id>) and a second
// start attaches to the first (USE_EXISTING) or is refused while the closed run is retained
// (REJECT_DUPLICATE), so both may call it for the same contract without running it twice.
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/env.schema';
import type { ContractWorkflowInput } from '../domain/chain/engine.types';
import type { ChainPolicy } from '../domain/chain/policy.types';
import { markWorkflowStarted, type StoredContract } from '../contracts/contract-submission.repository';
import { CONTRACT_WORKFLOW_TYPE, contractWorkflowId } from '../../workflows/contract-approval/messages';
import type { TemporalCalls } from './temporal-calls';

export interface ContractStarterDeps {
  db: DataSource | Pick<EntityManager, 'query'>;
  calls: TemporalCalls;
  /** The policy a contract was stored under, by its version. */
  policyByVersion(version: string): ChainPolicy;
  config: Pick<AppConfig, 'TEMPORAL_TASK_QUEUE' | 'TEMPORAL_SEARCH_ATTRIBUTES' | 'RPA_TASK_QUEUE' | 'ORDER_SYSTEM_ADAPTER'>;
}

export class ContractStarter {
  constructor(private readonly deps: ContractStarterDeps) {}

  /**
   * Starts contract-<id> (or finds it already started) and sets workflow_started_at. Throws
   * AppError SERVICE_UNAVAILABLE (retrySafe) when Temporal does not answer within its deadline.
   */
  async start(c: StoredContract, origin: Record<string, unknown>): Promise<'started' | 'already_started'> {
    const { calls, config } = this.deps;
    const input: ContractWorkflowInput = {
      contractId: c.id,
      submitterId: c.submitterId,
      submittedAt: c.submittedAt.toISOString(),
      submission: c.submission,
      policy: this.deps.policyByVersion(c.policyVersion),
      searchAttributes: config.TEMPORAL_SEARCH_ATTRIBUTES,
      origin,
      // Only where an ERP is configured does the order bot run on the RPA worker.
      rpaTaskQueue: config.ORDER_SYSTEM_ADAPTER === 'none' ? undefined : config.RPA_TASK_QUEUE,
    };
    const outcome = await calls.start(CONTRACT_WORKFLOW_TYPE, {
      contractId: c.id,
      workflowId: contractWorkflowId(c.id),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...(config.TEMPORAL_SEARCH_ATTRIBUTES
        ? { searchAttributes: { ContractStatus: ['in_review'], SubmitterId: [c.submitterId], CustomerCountry: [c.submission.customer.country], ContractAmount: [c.submission.amount] } }
        : {}),
    });
    await markWorkflowStarted(this.deps.db, c.id);
    return outcome;
  }
}
