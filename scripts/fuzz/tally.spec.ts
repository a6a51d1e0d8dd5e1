// The fuzz run's verdict is read from schemathesis' HAR report: a 5xx or a request that got no
// answer (status 0) must fail the run, and the counts must name the documented operations.
import { type HarEntry, merge, newTally, operationNamer, type RunOutcome, tallyEntries, verdict } from './tally';

const doc = {
  paths: {
    '/api/contracts': { get: {}, post: {} },
    '/api/contracts/{id}': { get: {}, parameters: [] },
    '/api/users/me': { get: {} },
    '/api/users/{id}': { get: {} },
  },
};
const base = 'http://127.0.0.1:4000';
const entry = (method: string, path: string, status: number, body?: string): HarEntry => ({
  request: { method, url: `${base}${path}`, ...(body ? { postData: { text: body } } : {}) },
  response: { status },
});
const run = (overrides: Partial<RunOutcome> = {}): RunOutcome => ({ label: 'alice (rep)', exitCode: 0, finished: true, tally: newTally(), outputFile: 'x.log', ...overrides });

describe('fuzz tally', () => {
  it('names requests by their documented operation; other methods count as requests only', () => {
    const name = operationNamer(doc);
    expect(name('GET', `${base}/api/contracts/abc?x=1`)).toEqual({ name: 'GET /api/contracts/{id}', documented: true });
    expect(name('GET', `${base}/api/contracts/`)).toEqual({ name: 'GET /api/contracts/{id}', documented: true });
    expect(name('GET', `${base}/api/users/me`)).toEqual({ name: 'GET /api/users/me', documented: true });
    expect(name('TRACE', `${base}/api/contracts`)).toEqual({ name: 'TRACE /api/contracts (undocumented method)', documented: false });
    // "parameters" is not a method.
    expect(name('PARAMETERS', `${base}/api/contracts/1`).documented).toBe(false);
  });

  it('counts status classes, and a request with no answer as hung', () => {
    const t = newTally();
    tallyEntries(
      t,
      [
        entry('GET', '/api/contracts', 200),
        entry('POST', '/api/contracts', 400),
        entry('POST', '/api/contracts', 500, '{"amount":1e-7}'),
        entry('POST', '/api/contracts', 502),
        entry('GET', '/api/contracts/1', 0),
        entry('DELETE', '/api/contracts', 404),
      ],
      operationNamer(doc),
    );
    expect(t.requests).toBe(6);
    expect(t.byClass).toEqual({ '2xx': 1, '3xx': 0, '4xx': 2, '5xx': 2 });
    expect(t.hung).toBe(1);
    expect([...t.operations].sort()).toEqual(['GET /api/contracts', 'GET /api/contracts/{id}', 'POST /api/contracts']);
    expect(t.problems.get('POST /api/contracts -> 500')).toEqual({ status: 500, count: 1, example: expect.stringContaining('body: {"amount":1e-7}') });
    expect(t.problems.get('GET /api/contracts/{id} -> no answer')?.count).toBe(1);
  });

  it('passes only with no 5xx, no hang, every run finished and no error of schemathesis itself', () => {
    const clean = newTally();
    tallyEntries(clean, [entry('GET', '/api/contracts', 200), entry('POST', '/api/contracts', 422)], operationNamer(doc));
    const args = { requestTimeoutS: 30, maxMinutes: 30 };
    expect(verdict({ ...args, total: clean, runs: [run({ tally: clean })] })).toEqual([]);

    const serverError = newTally();
    tallyEntries(serverError, [entry('GET', '/api/contracts', 503)], operationNamer(doc));
    expect(verdict({ ...args, total: serverError, runs: [run({ tally: serverError, exitCode: 1 })] })).toEqual(['1 responses with status 5xx']);

    const hung = newTally();
    tallyEntries(hung, [entry('GET', '/api/contracts', 0)], operationNamer(doc));
    expect(verdict({ ...args, total: hung, runs: [run({ tally: hung, exitCode: 1 })] })).toEqual(['1 requests with no answer within 30 s']);

    expect(verdict({ ...args, total: clean, runs: [run({ tally: clean }), run({ label: 'olivia (ops)', finished: false, exitCode: null })] })).toEqual([
      'the time budget of 30 minutes ran out before olivia (ops) finished',
    ]);
    expect(verdict({ ...args, total: clean, runs: [run({ tally: clean, exitCode: 2 })] })).toEqual(['schemathesis failed for alice (rep) (exit 2); see x.log']);
  });

  it('adds up runs', () => {
    const a = newTally();
    const b = newTally();
    tallyEntries(a, [entry('POST', '/api/contracts', 500)], operationNamer(doc));
    tallyEntries(b, [entry('POST', '/api/contracts', 500), entry('GET', '/api/users/7', 0)], operationNamer(doc));
    const total = newTally();
    merge(total, a);
    merge(total, b);
    expect(total.requests).toBe(3);
    expect(total.byClass['5xx']).toBe(2);
    expect(total.hung).toBe(1);
    expect(total.problems.get('POST /api/contracts -> 500')?.count).toBe(2);
    expect(total.operations.size).toBe(2);
  });
});
