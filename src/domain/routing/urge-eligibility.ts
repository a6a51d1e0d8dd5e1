// Urging (催办): the submitting rep nudges whoever holds a waiting task, at most once per
// business hour per task. The one home of the rule: the workflow's urge validator and the API
// call these functions. Pure: the calendar and the clock are arguments.
import type { BusinessCalendar } from '../sla/business-calendar';
import { DomainErrorCode } from '../errors';
import type { Refusal } from './decision-eligibility';

/** How long, in the organisation's business hours, a task rests after it was urged. */
export const URGE_INTERVAL_BUSINESS_HOURS = 1;

/** A note on an urge is a short sentence for the approver, not a message thread. */
export const URGE_NOTE_MAX_LENGTH = 500;

/** When the task may be urged again: one business hour after this urge (nights, weekends and holidays do not count). */
export function nextUrgeAt(calendar: BusinessCalendar, urgedAt: Date): string {
  return calendar.addBusinessHours(urgedAt, URGE_INTERVAL_BUSINESS_HOURS).toISOString();
}

/** Whole seconds from `now` until `nextAt` (at least 1): a 429's Retry-After. */
export function retryAfterSeconds(nextAt: string, now: number): number {
  return Math.max(1, Math.ceil((Date.parse(nextAt) - now) / 1000));
}

/**
 * Only the contract's submitting rep may urge, and not again before `nextAt` (the previous
 * urge's), which the refusal names. The task being open is the caller's check (openTaskRefusal).
 */
export function urgeRefusal(input: { userId: string; submitterId: string; nextAt: string | null; now: number }): Refusal | null {
  if (input.userId !== input.submitterId) return { code: DomainErrorCode.NOT_SUBMITTER, message: 'Only the submitting rep may urge a task of the contract' };
  if (input.nextAt && Date.parse(input.nextAt) > input.now) {
    return {
      code: DomainErrorCode.URGE_TOO_SOON,
      message: `This task was urged less than ${URGE_INTERVAL_BUSINESS_HOURS} business hour ago; it may be urged again at ${input.nextAt}`,
      details: { nextUrgeAt: input.nextAt, retryAfterSeconds: retryAfterSeconds(input.nextAt, input.now) },
    };
  }
  return null;
}
