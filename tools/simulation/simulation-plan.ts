// The simulator's plan: when each contract arrives, and the pending decisions.
import { DateTime } from 'luxon';
import { stableUuid } from '../../src/common/ids';
import type { BusinessCalendar } from '../../src/domain/sla/business-calendar';
import type { ChainPolicy } from '../../src/domain/chain/policy.types';
import { revisionTimeoutOf } from '../../src/domain/sla/revision-timeout';
import { type ActionGrid, MINUTE } from './action-grid';
import { type MixContract, mixContract } from './contract-mix';
import { Random } from './random';

export interface PendingDecision {
  at: number;
  taskId: string;
  contract: SimContract;
  stepKey: string;
  revision: number;
  assigneeId: string;
}

export interface SimContract {
  id: string;
  mix: MixContract;
  submittedAt: number;
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
export function planArrivals(plan: ArrivalPlan, calendar: BusinessCalendar, startMoment: (t: number) => number): SimContract[] {
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
        const at = startMoment(window.open + offsets[k]);
        out.push({ id: stableUuid('greenlight-sim', `${plan.seed}:${plan.chain}:${index}`), mix: mixContract(plan.seed, index, new Date(at)), submittedAt: at });
      }
      done += today;
    }
    day = day.plus({ days: 1 });
  }
  return out.sort((a, b) => a.submittedAt - b.submittedAt || a.mix.index - b.mix.index);
}

/**
 * When a rep sends back a contract returned at `reworkSince`, `delayMs` of business time later:
 * the approvers' tick at or after that, but never within two minutes of the moment the workflow's
 * revision timeout reminds the rep (src/domain/sla/revision-timeout.ts): an Update that cancels a
 * timer which fired while its workflow task was at the worker strands the run on the time-skipping
 * server (temporalio/sdk-java#3088). Null when that is at or after the timeout's withdrawal (the
 * contract is withdrawn first, and the rep never acts).
 */
export function revisionMoment(calendar: BusinessCalendar, grid: ActionGrid, policy: ChainPolicy, reworkSince: Date, delayMs: number): number | null {
  const timeout = revisionTimeoutOf(policy);
  const remindAt = calendar.addBusinessHours(reworkSince, timeout.remindAfterBusinessHours).getTime();
  const withdrawAt = calendar.addBusinessHours(reworkSince, timeout.withdrawAfterBusinessHours).getTime();
  const since = Math.floor(reworkSince.getTime() / MINUTE) * MINUTE;
  let at = grid.tickAtOrAfter(calendar.addBusinessMs(new Date(since), delayMs).getTime());
  while (Math.abs(at - remindAt) < 2 * MINUTE) at = grid.tickAtOrAfter(at + MINUTE);
  return at > withdrawAt - 2 * MINUTE ? null : at;
}
