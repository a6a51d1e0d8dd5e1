import type { CycleTimeReport } from '../../src/reports/cycle-time-report';
import { formatAssumptions, managerSummary, span } from '../../tools/simulation/simulation-report';
import { DEFAULT_BEHAVIOUR } from '../../tools/simulation/approver-model';
import type { SimulationResult } from '../../tools/simulation/simulator';

test('span says durations the way a person would: under an hour, hours up to two days, then days', () => {
  expect(span(null)).toBe('–');
  expect(span(0)).toBe('under an hour');
  expect(span(0.99)).toBe('under an hour');
  expect(span(1)).toBe('1.0 hours');
  expect(span(23.1)).toBe('23.1 hours');
  expect(span(47.9)).toBe('47.9 hours');
  expect(span(48)).toBe('2.0 days');
  expect(span(288.8)).toBe('12.0 days');
});

function result(chain: 'slim' | 'legacy', s: { p50: number; p90: number; within: number; automatic: number; tasks: number }, bottleneck: string): SimulationResult {
  const report = {
    summary: { cycleTimeHours: { p50: s.p50, p90: s.p90, p95: null, mean: null }, withinTargetShare: s.within, automaticShare: s.automatic, humanTasksPerContract: s.tasks },
    bottlenecks: [{ stepKey: bottleneck, shareOfWaiting: 0.468 }],
  } as unknown as CycleTimeReport;
  return { chain, report } as unknown as SimulationResult;
}

test('the manager summary compares the chains in words, and a median of zero reads "under an hour" with no speed-up factor', () => {
  const legacy = result('legacy', { p50: 288.8, p90: 382.9, within: 0, automatic: 0, tasks: 28.42 }, 'executive_approval');
  const slim = result('slim', { p50: 0, p90: 23.1, within: 0.981, automatic: 0.96, tasks: 0.6 }, 'sales_manager_approval');
  const text = managerSummary(legacy, slim);
  expect(text).toContain('- A typical contract now takes under an hour instead of 12.0 days; the slowest one in ten 23.1 hours instead of 16.0 days.');
  expect(text).toContain('- 98.1% of contracts meet the 3-day target, against 0.0% before.');
  expect(text).toContain('people handle 0.6 tasks per contract instead of 28.42');
  expect(text).toContain('this simulation measures 12.0 days and under an hour (median)');
  expect(text).toContain('Where contracts wait longest now: sales manager approval (46.8% of all waiting on people)');
  expect(text).not.toContain('faster');

  const slower = result('slim', { p50: 36, p90: 60, within: 0.8, automatic: 0.9, tasks: 1.2 }, 'legal_review');
  expect(managerSummary(legacy, slower)).toContain('takes 36.0 hours instead of 12.0 days (8.0× faster); the slowest one in ten 2.5 days');
});

test('the assumptions say that people of one role are interchangeable (the simulator routes a shared role by contract, step and revision)', () => {
  const text = formatAssumptions(DEFAULT_BEHAVIOUR, { contractsPerDay: 50, tickMinutes: 15 });
  expect(text).toContain('look at their inbox every 15 minutes');
  expect(text).toContain('People of one role are interchangeable');
  expect(text).toContain('not to the least loaded');
});
