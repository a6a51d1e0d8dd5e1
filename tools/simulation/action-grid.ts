// The simulator's grid of moments: approvers, reps and new submissions act every `tick` within
// working hours, so each moment gathers as many actions as it can to run at once.
import type { BusinessCalendar } from '../../src/domain/sla/business-calendar';

export const MINUTE = 60_000;

export class ActionGrid {
  constructor(
    private readonly calendar: BusinessCalendar,
    private readonly tick: number,
  ) {}

  isWorkingMoment(t: number): boolean {
    return this.calendar.nextWorkingMoment(new Date(t)).getTime() === t;
  }

  /** The first approver tick at or after t within working hours. */
  tickAtOrAfter(t: number): number {
    let at = Math.ceil(t / this.tick) * this.tick;
    while (!this.isWorkingMoment(at)) at = Math.ceil(this.calendar.nextWorkingMoment(new Date(at)).getTime() / this.tick) * this.tick;
    return at;
  }
}
