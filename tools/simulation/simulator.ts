// The simulator: N contracts of the realistic mix run through the REAL approval workflow and
// activities (database, routing, SLA timers, mail) on Temporal's time-skipping test server, with
// simulated approvers and reps. Time is virtual and driven from here: the loop skips to the next
// moment someone acts, acts, lets the workflows settle, and looks for the tasks they opened.
//
// Determinism: every delay is drawn from a stream keyed by (seed, contract, step, revision), and
// every moment of action lies on a one-minute grid that the simulator chooses: approvers act on
// their inbox every `tickMinutes` (09:00, 09:15, …), reps and new submissions each on their own
// minute between ticks. The test server adds a few milliseconds of processing to each recorded
// timestamp; the report is computed at one-minute resolution, so those never change a figure.
// Routing is order-free here: the product gives a shared role's task (two legal counsels, two
// executives) to the member with the fewest open tasks, which would make who gets it depend on
// the order in which concurrent tasks open; the simulator's worker instead picks the member by a
// stable hash of (contract, step, revision) (src/domain/routing/task-routing.ts, MemberChoice).
// The simulated people of one role are interchangeable (delays and decisions are drawn by seed,
// contract, step and revision, never by person; escalation and out-of-office follow the chosen
// person as in the product), so every action of a moment runs concurrently: submissions,
// revisions and decisions of different contracts at once, the decisions on one contract one
// after another in step order (one may cancel the other's task).
//
// Shards: contracts never meet (routing reads no counts), so they may be dealt over several
// time-skipping servers (contract i to server i mod n), each with its own worker, task queue and
// virtual clock, into the one database. A server skips time only when all its work is done, so
// one clock makes every tick wait for the slowest chain of activities it started; several clocks
// keep the cores busy meanwhile. The figures do not depend on the number of shards.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/env.schema';
import { createAppDataSource } from '../../src/database/data-source';
import { insertSubmittedContract } from '../../src/contracts/contract-submission.repository';
import type { ContractWorkflowInput } from '../../src/domain/chain/engine.types';
import type { ChainPolicy } from '../../src/domain/chain/policy.types';
import { BusinessCalendar } from '../../src/domain/sla/business-calendar';
import { createCalendarProvider } from '../../src/sla/calendar.provider';
import { userId } from '../../src/database/seed/demo-organisation';
import { runCycleTimeReport } from '../../src/reports/cycle-time-report';
import { CONTRACT_WORKFLOW_TYPE, contractWorkflowId, decideUpdate, reviseUpdate, stateQuery } from '../../workflows/contract-approval/messages';
import { ActionGrid, MINUTE } from './action-grid';
import { approverDecision, approverDelayMs, repDelayMs } from './approver-model';
import { revisedSubmission } from './contract-mix';
import { type PendingDecision, type SimContract, planArrivals, revisionMoment } from './simulation-plan';
import { SimulationView } from './simulation-view';
import { POLICIES, type SimulationOptions, type SimulationResult } from './simulation.types';

export { DEFAULT_SIMULATION, POLICIES, type ChainName, type SimulationOptions, type SimulationResult } from './simulation.types';

const DAY = 86_400_000;
/** How often the loop logs a progress line (wall time). */
const PROGRESS_EVERY_MS = 10_000;


/** Runs one chain. The database must be migrated and seeded; the environment is the caller's. */
export async function runSimulation(o: SimulationOptions): Promise<SimulationResult> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const policy = o.policy ?? POLICIES[o.chain];
  if (60 % o.tickMinutes !== 0) throw new Error(`tickMinutes must divide 60, got ${o.tickMinutes}`);
  const tick = o.tickMinutes * MINUTE;
  const config: AppConfig = {
    ...o.config,
    DATABASE_URL: o.database.appUrl,
    DATABASE_ADMIN_URL: o.database.adminUrl,
    TEMPORAL_TASK_QUEUE: `simulation-${o.chain}-${o.seed.replace(/[^\w.-]+/g, '-')}`,
    TEMPORAL_SEARCH_ATTRIBUTES: false,
    LOG_LEVEL: 'warn',
  };
  const envs = [o.env, ...(o.shardEnvs ?? [])];
  const db = createAppDataSource(config);
  await db.initialize();
  // Imported here: the worker module pulls in the mail notifier and the whole activity graph.
  const { createWorker } = await import('../../src/worker');
  const workers: { worker: Worker; running: Promise<void> }[] = [];
  try {
    const calendar = new BusinessCalendar(createCalendarProvider(config).calendarAt(new Date(localMidnight(o.startDate, config.ORG_TIME_ZONE))));
    const grid = new ActionGrid(calendar, tick);
    const planned = planArrivals(
      { seed: o.seed, chain: o.chain, contracts: o.contracts, contractsPerDay: o.contractsPerDay, startDate: o.startDate, zone: config.ORG_TIME_ZONE },
      calendar,
      (t) => grid.tickAtOrAfter(t),
    );
    const progress = new Progress(o, config, envs.length, started, log);
    const sims = envs.map((env, k) => {
      const shardConfig: AppConfig = { ...config, TEMPORAL_TASK_QUEUE: envs.length > 1 ? `${config.TEMPORAL_TASK_QUEUE}-${k + 1}` : config.TEMPORAL_TASK_QUEUE };
      const contracts = planned.filter((c) => c.mix.index % envs.length === k);
      return { env, shardConfig, sim: new Simulation(o, env, contracts, tick, calendar, grid, shardConfig, policy, db, progress.shard(k)) };
    });
    for (const { env, shardConfig, sim } of sims) {
      const worker = await createWorker(shardConfig, {
        connection: env.nativeConnection as NativeConnection,
        db,
        mailTransport: o.mailTransport,
        memberChoice: 'stable_hash',
        workerOptions: { maxCachedWorkflows: Math.max(200, sim.size + 50), ...o.workerOptions },
      });
      workers.push({ worker, running: worker.run() });
    }
    const shards = await Promise.all(sims.map(({ sim }) => sim.run()));
    const stats = { iterations: 0, decisions: 0, cancelledBeforeDecision: 0, revisions: 0, wallSeconds: Math.round((Date.now() - started) / 100) / 10 };
    for (const r of shards) {
      stats.iterations = Math.max(stats.iterations, r.iterations);
      stats.decisions += r.decisions;
      stats.cancelledBeforeDecision += r.cancelledBeforeDecision;
      stats.revisions += r.revisions;
    }
    const period = { from: new Date(planned[0].submittedAt).toISOString(), to: new Date(planned[planned.length - 1].submittedAt + MINUTE).toISOString() };
    const report = await runCycleTimeReport((sql, params) => db.query(sql, params), period, { resolutionMs: MINUTE });
    const last = await new SimulationView(db).lastCompletion();
    return { chain: o.chain, policyVersion: policy.version, contracts: planned.length, seed: o.seed, report, period, lastCompletion: last ? last.toISOString() : null, stats };
  } finally {
    for (const w of workers) w.worker.shutdown();
    for (const w of workers) await w.running.catch(() => undefined);
    await db.destroy();
  }
}

/** 00:00 of a local date in the organisation's time zone, as epoch ms. */
function localMidnight(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).toMillis();
}

/** Where a shard is, for the progress line. */
interface ShardState {
  closed: number;
  submitted: number;
  decisions: number;
  /** Virtual time of the shard's latest action. */
  now: number;
  /** Wall milliseconds per part of the loop. */
  timing: Record<string, number>;
}

/** One progress line for the chain every PROGRESS_EVERY_MS, from what each shard last said. */
class Progress {
  private readonly shards: ShardState[];
  private lastReport = Date.now();

  constructor(
    private readonly o: SimulationOptions,
    private readonly config: AppConfig,
    count: number,
    private readonly started: number,
    private readonly log: (line: string) => void,
  ) {
    this.shards = Array.from({ length: count }, () => ({ closed: 0, submitted: 0, decisions: 0, now: 0, timing: {} }));
  }

  shard(k: number): (state: ShardState) => void {
    return (state) => {
      this.shards[k] = state;
      if (Date.now() - this.lastReport < PROGRESS_EVERY_MS) return;
      this.lastReport = Date.now();
      this.log(this.line());
    };
  }

  /** Contracts done, the virtual day of the slowest shard, wall time and where it went (summed over shards). */
  private line(): string {
    const sum = (f: (s: ShardState) => number) => this.shards.reduce((a, s) => a + f(s), 0);
    const now = Math.min(...this.shards.map((s) => s.now));
    const day = Math.floor((now - localMidnight(this.o.startDate, this.config.ORG_TIME_ZONE)) / DAY) + 1;
    const date = DateTime.fromMillis(now, { zone: this.config.ORG_TIME_ZONE }).toFormat('yyyy-MM-dd HH:mm');
    const parts = ['discover', 'advance', 'act', 'settle'].map((k) => `${k} ${Math.round(sum((s) => s.timing[k] ?? 0) / 1000)} s`).join(', ');
    const shards = this.shards.length > 1 ? ` on ${this.shards.length} servers` : '';
    return `  ${this.o.chain}: ${sum((s) => s.closed)}/${this.o.contracts} contracts done (${sum((s) => s.submitted)} submitted), virtual day ${day} (${date}), ${sum((s) => s.decisions)} decisions, ${Math.round((Date.now() - this.started) / 1000)} s wall${shards} (${parts})`;
  }
}

/** A rep's revision waiting for its moment: the contract as the rep will send it. */
interface PendingRevision {
  at: number;
  contract: SimContract;
  /** The revision sent back (the Update's base revision). */
  revision: number;
  revised: ReturnType<typeof revisedSubmission>;
}

/** One shard: its contracts, driven on its own server's clock. */
class Simulation {
  private readonly view: SimulationView;
  private readonly byId = new Map<string, SimContract>();
  private readonly ids: string[];
  private readonly decisions = new Map<string, PendingDecision>();
  private readonly revisions = new Map<string, PendingRevision>();
  private readonly seenTasks = new Set<string>();
  /**
   * Moments the workflow's SLA timers fire for each task (reminders, deadline, escalations), as
   * the task's stored schedule says. Nobody acts on a contract at one of these moments: which of
   * the two the server handles first would decide whether a task counts as breached, and a
   * decision that cancels a timer which fired while its workflow task was at the worker strands
   * the run on the time-skipping server (it refuses the completion with "invalid history builder
   * state for action", temporalio/sdk-java#3088).
   */
  private readonly timers = new Map<string, Set<number>>();
  private readonly seenRework = new Set<string>();
  private submitted = 0;
  private closed = 0;
  /** Virtual time of the latest action. */
  private lastAction = 0;
  private readonly stats = { iterations: 0, decisions: 0, cancelledBeforeDecision: 0, revisions: 0 };
  /** Settles (rejects) once the caller aborts the run. */
  private readonly aborted: Promise<never> | undefined;
  /** Wall milliseconds spent in each part of the loop, for the progress line. */
  private readonly timing = { discover: 0, advance: 0, act: 0, settle: 0 };

  constructor(
    private readonly o: SimulationOptions,
    private readonly env: TestWorkflowEnvironment,
    /** This shard's contracts, by arrival. */
    private readonly contracts: readonly SimContract[],
    private readonly tick: number,
    private readonly calendar: BusinessCalendar,
    private readonly grid: ActionGrid,
    private readonly config: AppConfig,
    private readonly policy: ChainPolicy,
    private readonly db: DataSource,
    private readonly report: (state: ShardState) => void,
  ) {
    this.view = new SimulationView(db);
    for (const c of contracts) this.byId.set(c.id, c);
    this.ids = contracts.map((c) => c.id);
    const signal = o.signal;
    if (signal) {
      this.aborted = new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
      this.aborted.catch(() => undefined);
    }
  }

  get size(): number {
    return this.contracts.length;
  }

  /** Drives this shard's contracts until all are closed; answers its counts. */
  async run(): Promise<Simulation['stats']> {
    if (this.contracts.length === 0) return this.stats;
    const first = this.contracts[0].submittedAt;
    await this.sleepUntil(first - 60 * MINUTE);
    let now = first - 60 * MINUTE;
    const horizon = first + 365 * DAY;
    for (;;) {
      let t0 = Date.now();
      await this.guard(this.discover());
      this.timing.discover += Date.now() - t0;
      if (this.submitted === this.contracts.length && this.closed === this.contracts.length) break;
      const next = this.nextMoment();
      if (next === Infinity || next > horizon) throw new Error(`simulation stuck at ${new Date(now).toISOString()}: ${await this.describeOpen()}`);
      t0 = Date.now();
      await this.guard(this.sleepUntil(next));
      this.timing.advance += Date.now() - t0;
      now = next;
      t0 = Date.now();
      this.lastAction = now;
      await this.guard(this.actAt(now));
      this.timing.act += Date.now() - t0;
      this.stats.iterations += 1;
      // Let every workflow finish what the actions started: the server only skips time when
      // no workflow task or activity is outstanding, so this returns once all is quiet.
      t0 = Date.now();
      await this.guard(this.sleepUntil(now + MINUTE));
      this.timing.settle += Date.now() - t0;
      now += MINUTE;
      this.report({ closed: this.closed, submitted: this.submitted, decisions: this.stats.decisions, now, timing: this.timing });
    }
    return this.stats;
  }

  /** Rejects as soon as the run is aborted, even while a call to the server hangs. */
  private guard<T>(work: Promise<T>): Promise<T> {
    return this.aborted ? Promise.race([work, this.aborted]) : work;
  }

  // ------------------------------------------------------------------ time

  private async sleepUntil(target: number): Promise<void> {
    const current = await this.env.currentTimeMs();
    if (target > current) await this.env.sleep(target - current);
  }

  private nextMoment(): number {
    let next = Infinity;
    const s = this.contracts[this.submitted];
    if (s) next = s.submittedAt;
    for (const d of this.decisions.values()) next = Math.min(next, d.at);
    for (const r of this.revisions.values()) next = Math.min(next, r.at);
    return next;
  }

  // ------------------------------------------------------------------ observe

  private async discover(): Promise<void> {
    // Tasks open since the last action (every task is created at, or just after, an action).
    const [tasks, rework, closed] = await Promise.all([this.view.openTasksSince(new Date(this.lastAction), this.ids), this.view.contractsInRework(this.ids), this.view.closedCount(this.ids)]);
    const fresh = tasks.filter((t) => !this.seenTasks.has(t.id)).map((t) => ({ ...t, contract: this.byId.get(t.contract_id)! }));
    fresh.sort((a, b) => a.contract.mix.index - b.contract.mix.index || a.step_key.localeCompare(b.step_key));
    for (const t of fresh) {
      this.seenTasks.add(t.id);
      const created = Math.floor(t.created_at.getTime() / MINUTE) * MINUTE;
      const delay = approverDelayMs(this.o.behaviour, this.o.seed, this.o.chain, t.contract.mix.index, t.step_key, t.revision);
      const { dueAt, reminders, escalations } = t.schedule;
      const timers = new Set([dueAt, ...reminders.map((r) => r.at), ...escalations.map((e) => e.at)].map((at) => Date.parse(at)));
      this.timers.set(t.id, timers);
      let at = this.grid.tickAtOrAfter(this.calendar.addBusinessMs(new Date(created), delay).getTime());
      while (timers.has(at)) at = this.grid.tickAtOrAfter(at + this.tick);
      this.decisions.set(t.id, {
        at,
        taskId: t.id,
        contract: t.contract,
        stepKey: t.step_key,
        revision: t.revision,
        assigneeId: t.assignee_id,
      });
    }
    const due = rework
      .filter((r) => !this.seenRework.has(`${r.id}:${r.revision}`))
      .map((r) => ({ ...r, contract: this.byId.get(r.id)! }))
      .sort((a, b) => a.contract.mix.index - b.contract.mix.index);
    for (const r of due) {
      this.seenRework.add(`${r.id}:${r.revision}`);
      const delay = repDelayMs(this.o.behaviour, this.o.seed, this.o.chain, r.contract.mix.index, r.revision);
      const at = revisionMoment(this.calendar, this.grid, this.policy, r.rework_since, delay);
      // A rep who would come after the revision timeout's withdrawal never does.
      if (at === null) continue;
      // What the rep will send.
      const revised = revisedSubmission(r.contract.mix, await this.view.submissionOf(r.id));
      this.revisions.set(r.id, { at, contract: r.contract, revision: r.revision, revised });
    }
    this.closed = closed;
  }

  private async describeOpen(): Promise<string> {
    const rows = await this.view.statusCounts(this.ids);
    return rows.map((r) => `${r.n} ${r.status}`).join(', ');
  }

  // ------------------------------------------------------------------ act

  private async actAt(now: number): Promise<void> {
    const submissions: SimContract[] = [];
    while (this.contracts[this.submitted]?.submittedAt === now) submissions.push(this.contracts[this.submitted++]);
    const revisions = [...this.revisions.values()].filter((r) => r.at === now);
    for (const r of revisions) this.revisions.delete(r.contract.id);
    const scheduled = [...this.decisions.values()].filter((d) => d.at === now);
    for (const d of scheduled) this.decisions.delete(d.taskId);
    // A task cancelled since it was scheduled (a parallel track sent the contract back) is not
    // decided: sending a decision the workflow would refuse also trips a bug in the test server.
    // And nobody acts on a contract while one of its tasks' timers fires (see slaMoments): such a
    // decision moves to the next tick.
    const contractIds = [...new Set(scheduled.map((d) => d.contract.id))];
    const openTasks = await this.view.openTasksOf(contractIds);
    const open = new Set(openTasks.map((t) => t.id));
    const firing = new Set(openTasks.filter((t) => this.timers.get(t.id)?.has(now)).map((t) => t.contract_id));
    const due: PendingDecision[] = [];
    for (const d of scheduled) {
      if (!open.has(d.taskId)) this.stats.cancelledBeforeDecision += 1;
      else if (firing.has(d.contract.id)) this.decisions.set(d.taskId, { ...d, at: this.grid.tickAtOrAfter(now + this.tick) });
      else due.push(d);
    }
    // Decisions on one contract run one after another in step order (a decision may cancel a
    // parallel track's task: the later one is then dropped); contracts run concurrently.
    const perContract = new Map<string, PendingDecision[]>();
    for (const d of due) perContract.set(d.contract.id, [...(perContract.get(d.contract.id) ?? []), d]);
    const decideInOrder = async (list: PendingDecision[]) => {
      list.sort((a, b) => a.stepKey.localeCompare(b.stepKey) || a.taskId.localeCompare(b.taskId));
      for (const [i, d] of list.entries()) await this.decide(d, i > 0);
    };
    await Promise.all([...submissions.map((c) => this.submit(c)), ...revisions.map((r) => this.revise(r)), ...[...perContract.values()].map(decideInOrder)]);
  }

  private async submit(c: SimContract): Promise<void> {
    const submittedAt = new Date(c.submittedAt);
    const submission = c.mix.submission;
    const submitterId = userId(c.mix.rep);
    const origin = { channel: 'simulator', seed: this.o.seed, kind: c.mix.kind };
    await this.db.transaction((m) => insertSubmittedContract(m, { id: c.id, submission, policy: this.policy, submitterId, submittedAt, origin }));
    const input: ContractWorkflowInput = {
      contractId: c.id,
      submitterId,
      submittedAt: submittedAt.toISOString(),
      submission,
      policy: this.policy,
      searchAttributes: false,
      origin: { channel: 'simulator' },
    };
    await this.env.client.workflow.start(CONTRACT_WORKFLOW_TYPE, { workflowId: contractWorkflowId(c.id), taskQueue: this.config.TEMPORAL_TASK_QUEUE, args: [input] });
  }

  private async revise(r: PendingRevision): Promise<void> {
    const { submission, changedFields, comment } = r.revised;
    this.stats.revisions += 1;
    await this.env.client.workflow.getHandle(contractWorkflowId(r.contract.id)).executeUpdate(reviseUpdate, {
      args: [{ userId: userId(r.contract.mix.rep), baseRevision: r.revision, submission, changedFields, comment, origin: { channel: 'simulator' } }],
      updateId: `sim-revise-${r.contract.id}-${r.revision}`,
    });
  }

  /** Decides a task; `recheck`: an earlier decision on the contract in this tick may have cancelled it. */
  private async decide(d: PendingDecision, recheck: boolean): Promise<void> {
    const handle = this.env.client.workflow.getHandle(contractWorkflowId(d.contract.id));
    if (recheck && !(await handle.query(stateQuery)).openTasks.some((t) => t.taskId === d.taskId)) {
      this.stats.cancelledBeforeDecision += 1;
      return;
    }
    const { decision, comment } = approverDecision(d.contract.mix, d.stepKey, d.revision, { behaviour: this.o.behaviour, seed: this.o.seed, chainId: this.o.chain });
    await handle.executeUpdate(decideUpdate, {
      args: [{ taskId: d.taskId, userId: d.assigneeId, decision, comment, revision: d.revision, origin: { channel: 'simulator' } }],
      updateId: `sim-decide-${d.taskId}`,
    });
    this.stats.decisions += 1;
  }
}
