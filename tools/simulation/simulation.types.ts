// What a simulation run takes and what it answers; the chains it can run.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../../src/config/env.schema';
import type { MailTransport } from '../../src/mail/mail-transport';
import { LEGACY_POLICY } from '../../src/domain/chain/legacy.policy';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import type { ChainPolicy } from '../../src/domain/chain/policy.types';
import type { CycleTimeReport } from '../../src/reports/cycle-time-report';
import { type BehaviourAssumptions, DEFAULT_BEHAVIOUR } from './approver-model';

export type ChainName = 'slim' | 'legacy';
export const POLICIES: Record<ChainName, ChainPolicy> = { slim: SLIM_POLICY, legacy: LEGACY_POLICY };

export interface SimulationOptions {
  chain: ChainName;
  /**
   * The policy version to run instead of the chain's code policy (e.g. the active version and a
   * draft, calibrated runs). `chain` still keys the simulated people's draws, so two versions run
   * with the same seed and chain meet the same people deciding the same way.
   */
  policy?: ChainPolicy;
  contracts: number;
  seed: string;
  /** Local date (organisation's time zone) of the first working day with submissions. */
  startDate: string;
  /** New contracts per working day. */
  contractsPerDay: number;
  /** Approvers work their inbox every this many minutes (divides 60). */
  tickMinutes: number;
  behaviour: BehaviourAssumptions;
  /** Base configuration; database and task queue are set from the fields below. */
  config: AppConfig;
  database: { appUrl: string; adminUrl: string };
  /** Where the worker's mail goes (e.g. a capturing transport; SMTP_URL is not used). */
  mailTransport: MailTransport;
  env: TestWorkflowEnvironment;
  /**
   * More time-skipping servers to spread the contracts over: contract i runs on server
   * i mod (1 + shardEnvs.length), each with its own worker, task queue and clock, all into the
   * one database. Contracts never meet (routing is order-free), so the figures are the same for
   * any number of servers; more keep the cores busy while a server waits for one contract's activities.
   */
  shardEnvs?: TestWorkflowEnvironment[];
  /** Worker tuning, e.g. a prebuilt workflow bundle (saves bundling once per run). */
  workerOptions?: Partial<WorkerOptions>;
  log?: (line: string) => void;
  /** Aborting stops the loop at its next step (the caller then tears down). */
  signal?: AbortSignal;
}

export const DEFAULT_SIMULATION = {
  startDate: '2030-03-04',
  contractsPerDay: 50,
  tickMinutes: 15,
  behaviour: DEFAULT_BEHAVIOUR,
} as const;

export interface SimulationResult {
  chain: ChainName;
  policyVersion: string;
  contracts: number;
  seed: string;
  report: CycleTimeReport;
  period: { from: string; to: string };
  /** Virtual time of the last completion. */
  lastCompletion: string | null;
  /** decisions: sent and accepted; cancelledBeforeDecision: tasks a parallel track closed before their assignee acted. */
  stats: { iterations: number; decisions: number; cancelledBeforeDecision: number; revisions: number; wallSeconds: number };
}
