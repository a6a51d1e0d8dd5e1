// The simulator's plan: when each contract arrives, the pending decisions, and the grouping that
// decides which decisions must run one after another (those touching a common shared role or the
// same contract).
import { DateTime } from 'luxon';
import { stableUuid } from '../../src/common/ids';
import type { BusinessCalendar } from '../../src/domain/sla/business-calendar';
import { type MixContract, mixContract } from './contract-mix';
import { Random } from './random';

export interface PendingDecision {
  at: number;
  taskId: string;
  contract: SimContract;
  stepKey: string;
  revision: number;
  assigneeId: string;
  /** Shared roles (more than one member) whose open-task counts deciding this task lowers … */
  closes: string[];
  /** … and whose members it may give a new task, which routing reads those counts to choose. */
  opens: string[];
}

export interface SimContract {
  id: string;
  mix: MixContract;
  submittedAt: number;
}

/** Decisions that touch a common shared role or the same contract (directly or through others) form one group. */
export function groupByRolesAndContract(decisions: PendingDecision[]): PendingDecision[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  const keysOf = (d: PendingDecision) => [`contract:${d.contract.id}`, ...d.opens.map((r) => `role:${r}`), ...d.closes.map((r) => `role:${r}`)];
  for (const d of decisions) {
    const keys = keysOf(d);
    for (const k of keys.slice(1)) parent.set(find(k), find(keys[0]));
  }
  const groups = new Map<string, PendingDecision[]>();
  for (const d of decisions) {
    const key = find(keysOf(d)[0]);
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  return [...groups.values()];
}

export interface ArrivalPlan {
  seed: string;
  chain: string;
  contracts: number;
  contractsPerDay: number;
  /** Local date of the first working day with submissions. */
  startDate: string;
  zone: string;
}

/**
 * The contracts of a run, each with its arrival moment: `contractsPerDay` per working day, spread
 * at random over the working day in index order, each moved to the moment `startMoment` gives
 * contract `index` arriving at t.
 */
export function planArrivals(plan: ArrivalPlan, calendar: BusinessCalendar, startMoment: (t: number, index: number) => number): SimContract[] {
  const out: SimContract[] = [];
  let day = DateTime.fromISO(plan.startDate, { zone: plan.zone });
  let done = 0;
  while (done < plan.contracts) {
    const window = calendar.windowOf(day.toISODate()!);
    if (window) {
      const today = Math.min(plan.contractsPerDay, plan.contracts - done);
      const offsets = Array.from({ length: today }, (_, k) => Math.floor(new Random('arrival', plan.seed, done + k).uniform() * (window.close - window.open)));
      offsets.sort((a, b) => a - b);
      for (let k = 0; k < today; k++) {
        const index = done + k;
        const at = startMoment(window.open + offsets[k], index);
        out.push({ id: stableUuid('greenlight-sim', `${plan.seed}:${plan.chain}:${index}`), mix: mixContract(plan.seed, index, new Date(at)), submittedAt: at });
      }
      done += today;
    }
    day = day.plus({ days: 1 });
  }
  return out.sort((a, b) => a.submittedAt - b.submittedAt || a.mix.index - b.mix.index);
}
