// The dashboard's pure assembly: bucket edges follow the configured target, weeks are the
// organisation's (Monday, local midnight, across a daylight-saving change), empty weeks are kept,
// and the at-risk list uses the domain's colour and orders by time left.
import { atRisk, histogram, weeklyTrend, weeksOf, type AtRiskRow } from './dashboard-report';

const HOUR = 3_600_000;

test('histogram edges are thirds of the target, up to twice it, then one open bucket', () => {
  expect(histogram([{ bucket: 2, contracts: 4 }, { bucket: 6, contracts: 1 }], 48)).toEqual([
    { fromHours: 0, toHours: 16, contracts: 0, withinTarget: true },
    { fromHours: 16, toHours: 32, contracts: 0, withinTarget: true },
    { fromHours: 32, toHours: 48, contracts: 4, withinTarget: true },
    { fromHours: 48, toHours: 64, contracts: 0, withinTarget: false },
    { fromHours: 64, toHours: 80, contracts: 0, withinTarget: false },
    { fromHours: 80, toHours: 96, contracts: 0, withinTarget: false },
    { fromHours: 96, toHours: null, contracts: 1, withinTarget: false },
  ]);
});

test('weeks start on the local Monday, also across a daylight-saving change', () => {
  // Berlin moves its clocks on Sunday 29 March 2026.
  expect(weeksOf('2026-03-18T10:00:00Z', '2026-04-02T00:00:00Z', 'Europe/Berlin')).toEqual(['2026-03-16', '2026-03-23', '2026-03-30']);
  // 16:30 UTC on Sunday is already Monday in Shanghai.
  expect(weeksOf('2026-01-11T16:30:00Z', '2026-01-12T00:00:00Z', 'Asia/Shanghai')).toEqual(['2026-01-12']);
});

test('weeks without contracts are kept, with no percentiles', () => {
  expect(weeklyTrend([{ week: '2026-01-12', contracts: 2, approved: 1, cycle: [3 * HOUR, 3 * HOUR], within_target: 1 }], ['2026-01-05', '2026-01-12'])).toEqual([
    { weekStart: '2026-01-05', contracts: 0, approved: 0, p50Hours: null, p90Hours: null, withinTargetShare: null },
    { weekStart: '2026-01-12', contracts: 2, approved: 1, p50Hours: 3, p90Hours: 3, withinTargetShare: 1 },
  ]);
});

test('at risk: green ones are dropped, red before amber by time left, time with the rep not counted', () => {
  const now = new Date('2026-02-01T00:00:00Z');
  const row = (id: string, hoursAgo: number, extra: Partial<AtRiskRow> = {}): AtRiskRow => ({
    id,
    title: id,
    status: 'in_review',
    repId: 'r',
    repName: 'Rep',
    currentSteps: [],
    submittedAt: new Date(now.getTime() - hoursAgo * HOUR),
    targetHours: 72,
    reworkMs: 0,
    reworkSince: null,
    anyStepBreached: false,
    ...extra,
  });
  const list = atRisk([row('amber', 50), row('green', 10), row('red', 100), row('paused', 100, { status: 'changes_requested', reworkMs: 60 * HOUR })], now);
  expect(list.map((c) => [c.id, c.rag, c.elapsedHours, c.ageHours])).toEqual([
    ['red', 'red', 100, 100],
    ['amber', 'amber', 50, 50],
  ]);
  expect(list[0].dueAt).toBe('2026-01-30T20:00:00.000Z');
});
