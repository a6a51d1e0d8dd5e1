// The reconciler: nothing is lost between the database and Temporal. A submission commits the
// contract and then starts its workflow; when Temporal is unreachable in between, the contract
// is stored without one (workflow_started_at NULL) and the API answers 202. Every worker process
// runs this loop: every WORKFLOW_RECONCILE_INTERVAL_MS it claims contracts stored more than
// WORKFLOW_RECONCILE_AFTER_MS ago without a workflow (FOR UPDATE SKIP LOCKED plus a short lease,
// so several workers split the work) and starts them with the same workflow id and conflict
// policy as the API, so a race with the API or another worker never runs a contract twice.
// A loop rather than a Temporal Schedule: it needs no server-side object that the time-skipping
// test server cannot hold, and when Temporal is down a Schedule could not fire anyway.
import type { DataSource } from 'typeorm';
import { AppError, EdgeErrorCode } from '../common/app-error';
import { claimContractsWithoutWorkflow, releaseClaim } from '../contracts/contract-submission.repository';
import type { ContractStarter } from './contract-starter';

export interface ReconcilerOptions {
  intervalMs: number;
  /** Only contracts stored longer ago than this: younger ones are the API's to start. */
  olderThanMs: number;
  /** Contracts per pass. */
  batchSize?: number;
  /** How long a claimed contract is left to this reconciler before another may take it. */
  leaseMs?: number;
}

export interface ReconcileResult {
  started: string[];
  /** Started by someone else in the meantime (the API, another worker): now recorded. */
  alreadyStarted: string[];
  failed: { id: string; error: string }[];
}

export class WorkflowReconciler {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly db: DataSource,
    private readonly starter: ContractStarter,
    private readonly options: ReconcilerOptions,
    private readonly log: (line: string) => void = (line) => console.log(`reconciler: ${line}`),
  ) {}

  /** One pass: claim, start each, record. Stops at the first "Temporal unavailable": the rest would fail alike. */
  async runOnce(): Promise<ReconcileResult> {
    const result: ReconcileResult = { started: [], alreadyStarted: [], failed: [] };
    const claimed = await claimContractsWithoutWorkflow(this.db, {
      olderThanMs: this.options.olderThanMs,
      leaseMs: this.options.leaseMs ?? 60_000,
      limit: this.options.batchSize ?? 20,
    });
    for (let i = 0; i < claimed.length; i++) {
      const contract = claimed[i];
      try {
        const outcome = await this.starter.start(contract, { channel: 'reconciler' });
        (outcome === 'started' ? result.started : result.alreadyStarted).push(contract.id);
        this.log(`${outcome === 'started' ? 'started' : 'found running'} the workflow of contract ${contract.id}, stored ${contract.submittedAt.toISOString()} without one`);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        result.failed.push({ id: contract.id, error });
        const unavailable = err instanceof AppError && err.code === EdgeErrorCode.SERVICE_UNAVAILABLE;
        const giveBack = unavailable ? claimed.slice(i) : [contract];
        for (const c of giveBack) await releaseClaim(this.db, c.id);
        if (unavailable) {
          this.log(`Temporal unavailable; ${giveBack.length} contract(s) without a workflow wait for the next pass (${error})`);
          break;
        }
        this.log(`could not start the workflow of contract ${contract.id}: ${error}`);
      }
    }
    return result;
  }

  /** Runs a pass now and then every intervalMs; passes never overlap. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      this.current = this.runOnce()
        .catch((err: unknown) => this.log(`pass failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
        });
    };
    tick();
  }

  /** Stops the loop and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }
}
