import type { TaskSchedule } from './engine.types';
import { markSlaEventFired, nextSlaEvent, type SlaEvent } from './sla-next-event';

const schedule = (): TaskSchedule => ({
  dueAt: '2026-11-20T17:00:00.000Z',
  reminders: [
    { fraction: 0.5, at: '2026-11-20T13:00:00.000Z' },
    { fraction: 0.9, at: '2026-11-20T16:12:00.000Z' },
  ],
  escalations: [
    { level: 1, at: '2026-11-20T17:00:00.000Z' },
    { level: 2, at: '2026-11-23T17:00:00.000Z' },
  ],
});

/** Fires events until none is left; returns them in the order they came. */
function drain(start: TaskSchedule): SlaEvent[] {
  const fired: SlaEvent[] = [];
  let s = start;
  for (let next = nextSlaEvent(s); next; next = nextSlaEvent(s)) {
    fired.push(next);
    s = markSlaEventFired(s, next, next.at);
  }
  return fired;
}

describe('nextSlaEvent', () => {
  it('fires reminders, then escalation levels, in schedule order', () => {
    expect(drain(schedule())).toEqual([
      { kind: 'reminder', fraction: 0.5, at: '2026-11-20T13:00:00.000Z' },
      { kind: 'reminder', fraction: 0.9, at: '2026-11-20T16:12:00.000Z' },
      { kind: 'escalation', level: 1, at: '2026-11-20T17:00:00.000Z' },
      { kind: 'escalation', level: 2, at: '2026-11-23T17:00:00.000Z' },
    ]);
  });

  it('sends no reminder once an escalation fired, and never fires a lower level late', () => {
    const s = schedule();
    s.escalations[1].firedAt = '2026-11-23T17:00:00.000Z';
    expect(nextSlaEvent(s)).toBeNull();
    const afterLevel1 = markSlaEventFired(schedule(), { kind: 'escalation', level: 1, at: '2026-11-20T17:00:00.000Z' }, '2026-11-20T17:00:00.000Z');
    expect(nextSlaEvent(afterLevel1)).toEqual({ kind: 'escalation', level: 2, at: '2026-11-23T17:00:00.000Z' });
  });

  it('puts a reminder before an escalation due at the same moment', () => {
    const s = schedule();
    s.reminders = [{ fraction: 1, at: s.escalations[0].at }];
    expect(nextSlaEvent(s)).toMatchObject({ kind: 'reminder', fraction: 1 });
  });

  it('leaves the schedule it was given as it was', () => {
    const s = schedule();
    markSlaEventFired(s, { kind: 'reminder', fraction: 0.5, at: s.reminders[0].at }, s.reminders[0].at);
    expect(s).toEqual(schedule());
  });
});
