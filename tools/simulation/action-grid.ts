// The simulator's grid of moments: approvers act on their inbox every `tick` within working
// hours; submissions and revisions that may reach a shared role get a working minute of their
// own, off the ticks, so that the order in which tasks are routed never depends on timing.
import type { BusinessCalendar } from '../../src/domain/sla/business-calendar';

export const MINUTE = 60_000;

export class ActionGrid {
  private readonly used = new Set<number>();

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

  /** A minute of its own at or after t, within working hours and off the approvers' ticks. */
  soloMinute(t: number): number {
    let at = Math.ceil(t / MINUTE) * MINUTE;
    for (;;) {
      if (!this.isWorkingMoment(at)) at = this.calendar.nextWorkingMoment(new Date(at)).getTime();
      else if (at % this.tick === 0 || this.used.has(at)) at += MINUTE;
      else break;
    }
    this.used.add(at);
    return at;
  }
}
