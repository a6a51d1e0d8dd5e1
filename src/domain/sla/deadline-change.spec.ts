import { deadlineChangeProblem, MAX_DEADLINE_AHEAD_MS } from './deadline-change';

const now = Date.parse('2027-03-01T02:00:00Z');

describe('deadlineChangeProblem', () => {
  it('accepts a deadline a day ahead with a reason', () => {
    expect(deadlineChangeProblem({ dueAt: '2027-03-02T10:00:00+08:00', now, reason: 'customer asked' })).toBeNull();
  });

  it('accepts a deadline 20 minutes ahead, so ops can pull a decision forward for a meeting', () => {
    expect(deadlineChangeProblem({ dueAt: new Date(now + 20 * 60_000).toISOString(), now, reason: 'board at 15:30' })).toBeNull();
  });

  it('refuses a deadline seconds ahead: it would only force an escalation', () => {
    expect(deadlineChangeProblem({ dueAt: '2027-03-01T02:00:30Z', now, reason: 'x' })).toMatch(/at least 15 minutes/);
  });

  it('refuses a deadline decades ahead, which the calendar walk would crawl through day by day', () => {
    expect(deadlineChangeProblem({ dueAt: '2045-01-01T00:00:00Z', now, reason: 'x' })).toMatch(/within a year/);
    const edge = new Date(now + MAX_DEADLINE_AHEAD_MS).toISOString();
    expect(deadlineChangeProblem({ dueAt: edge, now, reason: 'x' })).toBeNull();
  });

  it('refuses what is not an instant, and impossible dates', () => {
    expect(deadlineChangeProblem({ dueAt: 'tomorrow', now, reason: 'x' })).toMatch(/ISO 8601/);
    expect(deadlineChangeProblem({ dueAt: '2027-03-05T10:00:00', now, reason: 'x' })).toMatch(/ISO 8601/);
    expect(deadlineChangeProblem({ dueAt: '2027-02-30T10:00:00Z', now, reason: 'x' })).not.toBeNull();
  });

  it('requires a reason', () => {
    expect(deadlineChangeProblem({ dueAt: '2027-03-02T10:00:00Z', now, reason: '  ' })).toMatch(/reason/);
  });
});
