// When the simulated rep sends a contract back: on the approvers' tick after their delay, never in
// the minute the workflow's revision timeout reminds them (a revision that cancels a timer firing
// at that moment strands the time-skipping server), and never after the timeout withdrew it.
import { DateTime } from 'luxon';
import { BusinessCalendar } from '../../src/domain/sla/business-calendar';
import { calendarConfig } from '../../src/domain/sla/calendar-config';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { ActionGrid, MINUTE } from '../../tools/simulation/action-grid';
import { revisionMoment } from '../../tools/simulation/simulation-plan';

const HOUR = 3_600_000;
const calendar = new BusinessCalendar(calendarConfig());
const grid = new ActionGrid(calendar, 15 * MINUTE);
const local = (text: string) => DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss.SSS', { zone: 'Asia/Shanghai' }).toJSDate().getTime();
const wall = (t: number | null) => (t === null ? null : DateTime.fromMillis(t, { zone: 'Asia/Shanghai' }).toFormat('yyyy-MM-dd HH:mm'));
// Sent back on Wednesday 2030-03-27 at 11:00 (and a few ms, as the workflow records it).
const since = new Date(local('2030-03-27 11:00:00.102'));

test('the rep acts on the tick at or after the delay', () => {
  expect(wall(revisionMoment(calendar, grid, SLIM_POLICY, since, 4 * HOUR))).toBe('2030-03-27 15:00');
  expect(wall(revisionMoment(calendar, grid, SLIM_POLICY, since, 4 * HOUR + MINUTE))).toBe('2030-03-27 15:15');
});

test('not on the tick where the 16-business-hour reminder fires (Friday 09:00): the next one', () => {
  // 16 business hours after Wednesday 11:00 is Friday 09:00 (7 h on Wednesday, 9 on Thursday).
  expect(wall(revisionMoment(calendar, grid, SLIM_POLICY, since, 16 * HOUR - 5 * MINUTE))).toBe('2030-03-29 09:15');
  expect(wall(revisionMoment(calendar, grid, SLIM_POLICY, since, 16 * HOUR))).toBe('2030-03-29 09:15');
});

test('a rep slower than the 80-business-hour withdrawal never acts', () => {
  expect(revisionMoment(calendar, grid, SLIM_POLICY, since, 79 * HOUR)).not.toBeNull();
  expect(revisionMoment(calendar, grid, SLIM_POLICY, since, 80 * HOUR)).toBeNull();
  expect(revisionMoment(calendar, grid, SLIM_POLICY, since, 100 * HOUR)).toBeNull();
});
