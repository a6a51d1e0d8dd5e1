// A contract left with the rep (`changes_requested`) does not wait forever: after a policy period
// the rep is reminded, after a longer one the contract is withdrawn (reason, audit, mail). Both
// periods are business hours counted from when the changes were requested, on the organisation's
// calendar; the policy may set them (ChainPolicy.revisionTimeout), else the defaults below hold:
// two working days to a reminder, two working weeks to the withdrawal.
import { BusinessCalendar, type CalendarConfig } from './business-calendar';

export interface RevisionTimeout {
  /** Business hours after the request for changes until the rep is reminded. */
  remindAfterBusinessHours: number;
  /** Business hours after the request for changes until the contract is withdrawn; more than the reminder's. */
  withdrawAfterBusinessHours: number;
}

export const DEFAULT_REVISION_TIMEOUT: Readonly<RevisionTimeout> = { remindAfterBusinessHours: 16, withdrawAfterBusinessHours: 80 };

/** A quarter's working hours: longer than that is a misconfiguration, not a policy. */
export const MAX_REVISION_TIMEOUT_HOURS = 520;

/** The rule id the timeout's withdrawal is recorded under (the audit event's actor). */
export const REVISION_TIMEOUT_RULE_ID = 'revision_timeout';

/** The periods a policy sets, else the defaults. */
export function revisionTimeoutOf(policy: { revisionTimeout?: RevisionTimeout | null }): RevisionTimeout {
  return { ...DEFAULT_REVISION_TIMEOUT, ...(policy.revisionTimeout ?? {}) };
}

/** The reason the contract and the rep's mail carry, in both languages (the reason is data, shown as written). */
export function revisionTimeoutReason(hours: number): string {
  return `No revision within ${hours} business hours of the request for changes: withdrawn automatically (${hours} 个工作小时内未修改，已自动撤回)`;
}

/** What is wrong with a policy's revisionTimeout (absent is fine: the defaults hold). */
export function revisionTimeoutProblems(value: unknown): { field: string; rule: string; message: string }[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [{ field: 'revisionTimeout', rule: 'type', message: 'Must be { remindAfterBusinessHours, withdrawAfterBusinessHours }' }];
  const v = value as Record<string, unknown>;
  const problems: { field: string; rule: string; message: string }[] = [];
  for (const key of Object.keys(v)) {
    if (key !== 'remindAfterBusinessHours' && key !== 'withdrawAfterBusinessHours') problems.push({ field: `revisionTimeout.${key}`, rule: 'unknown', message: `'${key}' is not a revision timeout setting` });
  }
  const hours = (key: keyof RevisionTimeout): number | null => {
    const h = v[key];
    if (typeof h === 'number' && Number.isFinite(h) && h > 0 && h <= MAX_REVISION_TIMEOUT_HOURS) return h;
    problems.push({ field: `revisionTimeout.${key}`, rule: 'range', message: `Must be a number of business hours above 0 and at most ${MAX_REVISION_TIMEOUT_HOURS}` });
    return null;
  };
  const remind = hours('remindAfterBusinessHours');
  const withdraw = hours('withdrawAfterBusinessHours');
  if (remind !== null && withdraw !== null && !(withdraw > remind)) {
    problems.push({ field: 'revisionTimeout.withdrawAfterBusinessHours', rule: 'after_reminder', message: `Must be more than remindAfterBusinessHours (${remind})` });
  }
  return problems;
}

/** When the rep is reminded and when the contract is withdrawn: the periods added to `since` on the business calendar. */
export function revisionDeadlines(calendar: CalendarConfig, since: string, timeout: RevisionTimeout): { remindAt: string; withdrawAt: string } {
  const cal = new BusinessCalendar(calendar);
  const from = new Date(since);
  return { remindAt: cal.addBusinessHours(from, timeout.remindAfterBusinessHours).toISOString(), withdrawAt: cal.addBusinessHours(from, timeout.withdrawAfterBusinessHours).toISOString() };
}
