import { computeContractTiming, type ContractTimingInput, ragOf } from './rag';

const HOUR = 3_600_000;
const submittedAt = '2026-11-19T02:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(submittedAt) + ms);

function timing(elapsedMs: number, overrides: Partial<ContractTimingInput> = {}) {
  return computeContractTiming({ submittedAt, now: at(elapsedMs), targetHours: 72, reworkMs: 0, anyStepBreached: false, ...overrides });
}

describe('computeContractTiming', () => {
  it('is green up to two thirds of the target (48 of 72 h)', () => {
    expect(timing(48 * HOUR)).toEqual({
      elapsedHours: 48,
      targetHours: 72,
      dueAt: '2026-11-22T02:00:00.000Z',
      rag: 'green',
      reworkHours: 0,
    });
  });

  it('turns amber just past two thirds', () => {
    expect(timing(48 * HOUR + 1).rag).toBe('amber');
  });

  it('is amber at exactly the target and red just past it', () => {
    expect(timing(72 * HOUR).rag).toBe('amber');
    expect(timing(72 * HOUR + 1).rag).toBe('red');
  });

  it('is amber early on when a step breached its SLA, and red stays red', () => {
    expect(timing(10 * HOUR, { anyStepBreached: true }).rag).toBe('amber');
    expect(timing(80 * HOUR, { anyStepBreached: true }).rag).toBe('red');
  });

  it('excludes time spent waiting for the rep, and moves the due time by it', () => {
    const result = timing(80 * HOUR, { reworkMs: 10 * HOUR });
    expect(result).toEqual({
      elapsedHours: 70,
      targetHours: 72,
      dueAt: '2026-11-22T12:00:00.000Z',
      rag: 'amber',
      reworkHours: 10,
    });
    expect(timing(58 * HOUR, { reworkMs: 10 * HOUR }).rag).toBe('green');
  });

  it('stops the clock at completion', () => {
    const result = timing(500 * HOUR, { completedAt: at(30 * HOUR) });
    expect(result.elapsedHours).toBe(30);
    expect(result.rag).toBe('green');
  });

  it('rounds elapsed and rework hours to two decimals', () => {
    const result = timing(HOUR / 3 + 2 * HOUR, { reworkMs: HOUR / 3 });
    expect(result.elapsedHours).toBe(2);
    expect(timing(HOUR / 3).elapsedHours).toBe(0.33);
    expect(result.reworkHours).toBe(0.33);
  });
});

describe('computeContractTiming with a wait for the rep still under way', () => {
  it('does not count the open rework period, up to now', () => {
    // 50 h since submission, 4 h of it back with the rep and still there: 46 h count, green.
    const t = timing(50 * HOUR, { reworkMs: HOUR, reworkSince: at(47 * HOUR) });
    expect(t).toMatchObject({ elapsedHours: 46, reworkHours: 4, rag: 'green', dueAt: '2026-11-22T06:00:00.000Z' });
    expect(timing(50 * HOUR).rag).toBe('amber');
  });
});

describe('ragOf', () => {
  it('compares against two thirds and the whole target exactly', () => {
    expect(ragOf(2, 3, false)).toBe('green');
    expect(ragOf(2.0001, 3, false)).toBe('amber');
    expect(ragOf(3, 3, false)).toBe('amber');
    expect(ragOf(3.0001, 3, false)).toBe('red');
    expect(ragOf(0, 3, true)).toBe('amber');
  });
});
