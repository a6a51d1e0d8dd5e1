// The fault suite's invariants, each shown to hold on good data and to fail on the defect it
// is there to catch (a hung request, a 500, a contract stuck in review, a task decided twice,
// a duplicated or lost mail), so a green fault run means something.
import {
  type CaughtMail,
  contractProblems,
  contractTitle,
  type DecisionEvent,
  formatTable,
  mailProblems,
  type MailLogRow,
  parseTitle,
  requestProblems,
  statusTally,
  type TaskRow,
  taskProblems,
} from './support/invariants';
import { type RequestRecord, routeOf } from './support/requests';

const rec = (over: Partial<RequestRecord>): RequestRecord => ({
  phase: 'worker',
  window: 'during',
  route: 'POST /api/tasks/:id/decision',
  path: '/api/tasks/t1/decision',
  sentAt: '2026-11-30T00:00:00.000Z',
  status: 200,
  latencyMs: 12,
  retryAfter: null,
  ...over,
});

describe('requests', () => {
  test('2xx, 503 with Retry-After and a retried decision already decided are answers', () => {
    expect(
      requestProblems(
        [
          rec({ status: 200 }),
          rec({ status: 201, route: 'POST /api/contracts' }),
          rec({ status: 503, retryAfter: '5', code: 'SERVICE_UNAVAILABLE' }),
          rec({ status: 409, code: 'TASK_ALREADY_DECIDED', retriedDecision: true }),
        ],
        15_000,
      ),
    ).toEqual([]);
  });

  test('a hung request, a 500, a 503 without Retry-After and an unexpected 409 are each reported', () => {
    const problems = requestProblems(
      [
        rec({ status: 0, failure: 'deadline' }),
        rec({ status: 0, failure: 'deadline' }),
        rec({ status: 0, failure: 'ECONNREFUSED', route: 'GET /api/contracts' }),
        rec({ status: 500, code: 'INTERNAL', route: 'POST /api/contracts', window: 'after' }),
        rec({ status: 503 }),
        rec({ status: 409, code: 'TASK_ALREADY_DECIDED' }),
      ],
      15_000,
    );
    expect(problems).toEqual([
      '2× no answer within 15 s: POST /api/tasks/:id/decision (while down)',
      '1× connection failed (ECONNREFUSED): GET /api/contracts (while down)',
      '1× HTTP 500 INTERNAL: POST /api/contracts (after the restart)',
      '1× 503 without Retry-After: POST /api/tasks/:id/decision (while down)',
      '1× unexpected HTTP 409 TASK_ALREADY_DECIDED: POST /api/tasks/:id/decision (while down)',
    ]);
  });

  test('statuses are tallied most frequent first; no answer counts as hung', () => {
    expect(statusTally([rec({ status: 200 }), rec({ status: 503 }), rec({ status: 200 }), rec({ status: 0, failure: 'deadline' })])).toBe('200×2 503×1 hung×1');
  });

  test('routes are templates: ids and query strings removed', () => {
    expect(routeOf('/api/tasks/0b6f3c1e-8f1a-4c3e-9a55-1d2b3c4d5e6f/decision')).toBe('/api/tasks/:id/decision');
    expect(routeOf('/api/contracts?page=1')).toBe('/api/contracts');
  });
});

const task = (over: Partial<TaskRow>): TaskRow => ({ id: 't1', contract_id: 'c1', step_key: 'legal_review', revision: 1, status: 'decided', decision: 'approve', ...over });
const decided = (over: Partial<DecisionEvent>): DecisionEvent => ({ id: '1', type: 'TASK_DECIDED', contract_id: 'c1', task_id: 't1', decision: 'approve', ...over });

describe('contracts', () => {
  test('titles carry phase and kind', () => {
    expect(parseTitle(contractTitle('postgres', 'reject', 3))).toEqual({ phase: 'postgres', kind: 'reject' });
    expect(parseTitle('Harbour licences')).toBeUndefined();
  });

  test('each kind must end in its state; a stuck contract says where it stands', () => {
    const contracts = [
      { id: 'c1', title: 'faults/worker/approve/1', status: 'approved' },
      { id: 'c2', title: 'faults/worker/auto/2', status: 'in_review', current_steps: ['credit_check'] },
      { id: 'c3', title: 'faults/worker/reject/3', status: 'rejected' },
      { id: 'c4', title: 'faults/worker/reject/4', status: 'approved' },
    ];
    const tasks = [task({}), task({ id: 't3', contract_id: 'c3', decision: 'reject' }), task({ id: 't4', contract_id: 'c4', step_key: 'sales_manager_approval', status: 'open', decision: null })];
    expect(contractProblems(contracts, tasks, new Set(['c1']))).toEqual([
      'contract c1 (faults/worker/approve/1) is approved but its workflow is still running',
      'contract c2 (faults/worker/auto/2) is in_review, expected approved; at credit_check',
      'contract c4 (faults/worker/reject/4) is approved, expected rejected; open tasks: sales_manager_approval',
    ]);
  });

  test('a rejected contract must have been rejected by the suite at legal review', () => {
    expect(contractProblems([{ id: 'c3', title: 'faults/smtp/reject/1', status: 'rejected' }], [task({ contract_id: 'c3', step_key: 'finance_review', decision: 'reject' })])).toEqual([
      'contract c3 (faults/smtp/reject/1) is rejected, but not by the suite\'s legal_review rejection',
    ]);
  });
});

describe('tasks', () => {
  test('one decision per task, agreeing with the tasks table', () => {
    expect(taskProblems([task({}), task({ id: 't2', step_key: 'sales_manager_approval', status: 'cancelled', decision: null })], [decided({})], new Set(['c1']))).toEqual([]);
  });

  test('a task decided twice, by the audit trail or by two rows for one step, is reported', () => {
    const problems = taskProblems(
      [task({}), task({ id: 't2' })],
      [decided({ id: '7' }), decided({ id: '9', decision: 'reject' }), decided({ id: '11', task_id: 't2' })],
      new Set(),
    );
    expect(problems).toEqual([
      'task t1 decided 2× in the audit trail (#7 approve, #9 reject)',
      'step c1/legal_review/r1 has 2 decided tasks (t1 approve, t2 approve)',
    ]);
  });

  test('an orphan (decided in the audit trail, open in the table, contract closed) is reported', () => {
    expect(taskProblems([task({ status: 'open', decision: null })], [decided({})], new Set(['c1']))).toEqual([
      'task t1 (legal_review) has a decision in the audit trail but its row is open',
      'task t1 (legal_review) is still open on closed contract c1',
    ]);
  });
});

describe('mail', () => {
  const mail = (over: Partial<CaughtMail> & { event: string; to: string }): CaughtMail => ({
    id: `m-${Math.random()}`,
    messageId: `<${over.event}@greenlight.example>`,
    envelope: { to: [over.to] },
    subject: 'Task',
    headers: { 'x-greenlight-event': over.event },
    ...over,
  });
  const row = (over: Partial<MailLogRow> & { event_key: string; recipient_email: string }): MailLogRow => ({
    kind: 'task_assigned',
    status: 'sent',
    attempts: 1,
    message_id: '<x>',
    last_error: null,
    task_status: 'open',
    ...over,
  });

  test('one message per (recipient, event), each matching a sent mail_log row', () => {
    expect(mailProblems([mail({ event: 't1:assigned', to: 'lee@greenlight.example' })], [row({ event_key: 't1:assigned', recipient_email: 'lee@greenlight.example' })])).toEqual([]);
  });

  test('a duplicate, a lost mail, a stuck mail and an unlogged mail are each reported', () => {
    const problems = mailProblems(
      [
        mail({ event: 't1:assigned', to: 'lee@greenlight.example' }),
        mail({ event: 't1:assigned', to: 'lee@greenlight.example' }),
        mail({ event: 'c9:rep:contract_approved:1', to: 'alice@greenlight.example' }),
      ],
      [
        row({ event_key: 't1:assigned', recipient_email: 'lee@greenlight.example' }),
        row({ event_key: 't2:assigned', recipient_email: 'sam@greenlight.example' }),
        row({ event_key: 't3:assigned', recipient_email: 'dana@greenlight.example', status: 'sending', attempts: 4, last_error: 'connect ECONNREFUSED' }),
        row({ event_key: 'c9:rep:contract_approved:1', recipient_email: 'alice@greenlight.example', kind: 'contract_approved', task_status: null, status: 'sending' }),
      ],
    );
    expect(problems).toEqual([
      '2 mails for (lee@greenlight.example, t1:assigned) with the same Message-ID (sent again after the first was accepted)',
      'mail_log says sent, but the catcher never got (sam@greenlight.example, t2:assigned)',
      'mail (dana@greenlight.example, t3:assigned) still sending after 4 attempt(s): connect ECONNREFUSED',
      'mail (alice@greenlight.example, c9:rep:contract_approved:1) still sending after 1 attempt(s) (the catcher has it)',
    ]);
  });

  test('no mail for a task that closed before SMTP came back is a skip by design, not a loss; a decided-elsewhere note is still due', () => {
    const stale = { recipient_email: 'sam@greenlight.example', status: 'sending', attempts: 3, last_error: 'connect ECONNREFUSED' };
    expect(
      mailProblems([], [row({ ...stale, event_key: 't4:assigned', task_status: 'decided' }), row({ ...stale, event_key: 't5:reminder:0.5:1', kind: 'task_reminder', task_status: 'cancelled' })]),
    ).toEqual([]);
    expect(mailProblems([mail({ event: 't6:assigned', to: 'lee@greenlight.example' })], [])).toEqual([
      'the catcher got (lee@greenlight.example, t6:assigned) but mail_log has no row for it',
    ]);
    expect(mailProblems([], [row({ ...stale, event_key: 't4:decided-elsewhere:u1', kind: 'task_decided_elsewhere', task_status: 'decided' })])).toEqual([
      'mail (sam@greenlight.example, t4:decided-elsewhere:u1) still sending after 3 attempt(s): connect ECONNREFUSED',
    ]);
  });

  describe('a task mail accepted just before the worker died', () => {
    const crashed = { event_key: 't7:assigned', recipient_email: 'lena@greenlight.example', status: 'sending', attempts: 1, last_error: null, task_status: 'decided' };

    test('delivered once and then skipped because its task closed is not a problem', () => {
      expect(mailProblems([mail({ event: 't7:assigned', to: 'lena@greenlight.example' })], [row(crashed)])).toEqual([]);
    });

    test('delivered twice is still a duplicate', () => {
      const copy = mail({ event: 't7:assigned', to: 'lena@greenlight.example' });
      expect(mailProblems([copy, copy], [row(crashed)])).toEqual([
        '2 mails for (lena@greenlight.example, t7:assigned) with the same Message-ID (sent again after the first was accepted)',
      ]);
    });
  });
});

test('the table shows one row per fault and lists what failed under it', () => {
  const table = formatTable([
    { fault: 'worker SIGKILL', inFlight: 9, requests: 26, statuses: '200×11 503×6', maxLatencyMs: 10_100, hung: 0, recoveryMs: 13_100, settledMs: 38_700, problems: [], notes: [] },
    { fault: 'PostgreSQL SIGKILL', inFlight: 8, requests: 20, statuses: '500×20', maxLatencyMs: 15_000, hung: 2, recoveryMs: null, settledMs: null, problems: ['20× HTTP 500'], notes: ['not settled'] },
  ]);
  expect(table.split('\n')[0]).toMatch(/^\| fault +\| in flight \| requests during fault \| statuses +\| max latency +\| recovery \| settled \| result +\|$/);
  expect(table).toContain('| worker SIGKILL ');
  expect(table).toContain('survived');
  expect(table).toContain('15.0 s (2 hung)');
  expect(table).toContain('FAILED (1 problem)');
  expect(table).toContain('  ✗ 20× HTTP 500');
  expect(table).toContain('  · not settled');
});
