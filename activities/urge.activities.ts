// The urge's one computation that needs the organisation's business calendar: when the task may
// be urged again. Computed once, here (like every deadline), and kept in workflow state, so a
// calendar change cannot move it on replay. Pure over its input: a retry returns the same time.
import { BusinessCalendar } from '../src/domain/sla/business-calendar';
import { nextUrgeAt } from '../src/domain/routing/urge-eligibility';
import type { CalendarProvider } from '../src/sla/calendar.provider';

export interface UrgeWindowInput {
  /** Workflow time of the urge. */
  urgedAt: string;
}

export interface UrgeActivities {
  /** When a task urged at `urgedAt` may be urged again (one business hour later). */
  urgeWindow(input: UrgeWindowInput): Promise<{ nextUrgeAt: string }>;
}

export function createUrgeActivities(deps: { calendar: CalendarProvider }): UrgeActivities {
  return {
    async urgeWindow({ urgedAt }) {
      const at = new Date(urgedAt);
      return { nextUrgeAt: nextUrgeAt(new BusinessCalendar(deps.calendar.calendarAt(at)), at) };
    },
  };
}
