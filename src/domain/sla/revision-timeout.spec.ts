import { calendarConfig } from './calendar-config';
import { DEFAULT_REVISION_TIMEOUT, revisionDeadlines, revisionTimeoutOf, revisionTimeoutProblems, revisionTimeoutReason } from './revision-timeout';

describe('revision timeout (policy data)', () => {
  it('defaults to a reminder after 16 and a withdrawal after 80 business hours', () => {
    expect(revisionTimeoutOf({})).toEqual({ remindAfterBusinessHours: 16, withdrawAfterBusinessHours: 80 });
    expect(DEFAULT_REVISION_TIMEOUT).toEqual(revisionTimeoutOf({ revisionTimeout: null }));
  });

  it('takes the periods a policy sets', () => {
    expect(revisionTimeoutOf({ revisionTimeout: { remindAfterBusinessHours: 8, withdrawAfterBusinessHours: 40 } })).toEqual({ remindAfterBusinessHours: 8, withdrawAfterBusinessHours: 40 });
  });

  it('accepts absence and a valid setting', () => {
    expect(revisionTimeoutProblems(undefined)).toEqual([]);
    expect(revisionTimeoutProblems({ remindAfterBusinessHours: 4, withdrawAfterBusinessHours: 4.5 })).toEqual([]);
  });

  it.each([
    ['a list', [16, 80], 'revisionTimeout', 'type'],
    ['zero hours', { remindAfterBusinessHours: 0, withdrawAfterBusinessHours: 80 }, 'revisionTimeout.remindAfterBusinessHours', 'range'],
    ['a string', { remindAfterBusinessHours: 16, withdrawAfterBusinessHours: '80' }, 'revisionTimeout.withdrawAfterBusinessHours', 'range'],
    ['more than a quarter', { remindAfterBusinessHours: 16, withdrawAfterBusinessHours: 521 }, 'revisionTimeout.withdrawAfterBusinessHours', 'range'],
    ['withdrawal before the reminder', { remindAfterBusinessHours: 40, withdrawAfterBusinessHours: 40 }, 'revisionTimeout.withdrawAfterBusinessHours', 'after_reminder'],
    ['an unknown key', { remindAfterBusinessHours: 16, withdrawAfterBusinessHours: 80, remindTwice: true }, 'revisionTimeout.remindTwice', 'unknown'],
  ])('refuses %s, naming the field and the rule', (_name, value, field, rule) => {
    expect(revisionTimeoutProblems(value)).toEqual([expect.objectContaining({ field, rule })]);
  });

  it('gives the withdrawal a reason in both languages', () => {
    expect(revisionTimeoutReason(80)).toMatch(/80 business hours.*80 个工作小时/);
  });

  it('counts the periods in business hours: changes requested Friday 17:00 Shanghai, reminder Tuesday 15:00, withdrawal Thursday of the week after next 16:00', () => {
    const d = revisionDeadlines(calendarConfig(), '2026-11-20T09:00:00.000Z', DEFAULT_REVISION_TIMEOUT);
    expect(d.remindAt).toBe('2026-11-24T07:00:00.000Z'); // 1 h Friday, 9 h Monday, 6 h Tuesday: 15:00 Shanghai
    expect(d.withdrawAt).toBe('2026-12-03T08:00:00.000Z'); // 1 + 8 × 9 + 7 = 80 h: Thursday 3 December, 16:00 Shanghai
  });
});
