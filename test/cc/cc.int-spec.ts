// CC (抄送) through the real API, workflow, database and SMTP catcher, on a private database (the
// test activates a policy version): a policy step's cc (roles and users) and the rep's cc at
// submission are each mailed once per decision, by a person or by a rule, the decider left out;
// a repeated send (an activity retry) mails nobody twice; the decision is recorded as
// CC_NOTIFIED and shown on the step; the people copied may see the contract and find it in their
// list. Bad cc in a policy draft or a submission is a 400 naming the field.
import { userId } from '../../src/database/seed/demo-organisation';
import { SLIM_POLICY } from '../../src/domain/chain/slim.policy';
import { createMailNotifier } from '../../src/mail/mail-notifier';
import { aContract } from '../factories/contract.factory';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import { type Api, decide, getContract, openTaskFor, settled, submit, token } from '../support/contracts';
import { eventOf, listMail } from '../support/mail';
import { http, startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';

jest.setTimeout(240_000);

let fresh: FreshDatabase;
let stack: TestStack;
let api: Api;

beforeAll(async () => {
  fresh = await createFreshDatabase('cc');
  stack = await startTestStack({ api: true, config: { DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl } });
  api = http(stack.baseUrl!);
});

afterAll(async () => {
  await stack?.stop();
  await fresh?.drop();
});

const as = (user: string) => ({ token: token(user) });
const email = (username: string) => `${username}@greenlight.example`;
const mailsOf = async (eventKey: string) => (await listMail()).filter((m) => eventOf(m) === eventKey);
const stepIndex = (key: string) => SLIM_POLICY.steps.findIndex((s) => s.key === key);

test('policy and submission cc: one mail per person per decision (person or rule), CC_NOTIFIED, the step shows who, the copied see the contract', async () => {
  // Paula copies the tax specialists and carl on finance review, and olga on tax review (a rule decides it).
  const draft = await api('POST', '/api/policy/drafts', { ...as('paula'), body: { fromVersion: SLIM_POLICY.version } });
  expect(draft.status).toBe(201);
  const bad = await api('PATCH', `/api/policy/drafts/${draft.body.id}`, { ...as('paula'), body: { steps: { finance_review: { cc: { roles: ['astrologer'], users: ['carl'] } } } } });
  expect(bad.status).toBe(400);
  const at = `steps[${stepIndex('finance_review')}].cc`;
  expect(bad.body.errors).toEqual(
    expect.arrayContaining([expect.objectContaining({ field: `${at}.roles[0]`, rule: 'unknown_role' }), expect.objectContaining({ field: `${at}.users[0]`, rule: 'uuid' })]),
  );
  const patched = await api('PATCH', `/api/policy/drafts/${draft.body.id}`, {
    ...as('paula'),
    body: { steps: { finance_review: { cc: { roles: ['tax_specialist'], users: [userId('carl')] } }, tax_review: { cc: { users: [userId('olga')] } } } },
  });
  expect(patched.status).toBe(200);
  expect((await api('POST', `/api/policy/drafts/${draft.body.id}/activate`, { ...as('paula'), body: {} })).status).toBe(200);

  // The rep's cc: known users only, at most 10.
  const unknown = await api('POST', '/api/contracts', { ...as('alice'), body: { ...aContract(), cc: ['00000000-0000-4000-8000-000000000000'] } });
  expect(unknown.status).toBe(400);
  expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'cc[0]', rule: 'known_user' })]);
  const tooMany = await api('POST', '/api/contracts', { ...as('alice'), body: { ...aContract(), cc: Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-0000000000${10 + i}`) } });
  expect(tooMany.status).toBe(400);
  expect(JSON.stringify(tooMany.body)).toContain('cc');

  const id = await submit(api, { ...aContract({ title: 'Copied finance review', paymentTermsDays: 90 }), cc: [userId('bob')] }, 'alice');
  const waiting = await settled(api, id, stack);
  const task = openTaskFor(waiting, 'finance_review');
  // bob, copied by the rep, sees the contract (and it is in his list) before any decision.
  expect((await api('GET', `/api/contracts/${id}`, as('bob'))).status).toBe(200);
  expect((await api('GET', '/api/contracts?pageSize=100', as('bob'))).body.items.map((c: { id: string }) => c.id)).toContain(id);
  expect((await api('GET', `/api/contracts/${id}`, as('carl'))).status).toBe(404);

  // Tax review was decided by its rule: olga (policy cc) is told; the rep's cc is not, for a rule's check.
  const [tax] = await waitFor(async () => {
    const m = await mailsOf(`${id}:1:cc:tax_review`);
    return m.length ? m : null;
  }, 'the tax review cc mail');
  expect(tax.to).toEqual([email('olga')]);
  expect(tax.subject).toContain('CC: Tax review approved');

  expect((await decide(api, stack, task.id, task.assignee.id, 'approve', 'Terms accepted')).status).toBe(200);
  const key = `${id}:1:cc:finance_review`;
  const finance = await waitFor(async () => {
    const m = await mailsOf(key);
    return m.length >= 3 ? m : null;
  }, 'the finance review cc mails');
  expect(finance.map((m) => m.to[0]).sort()).toEqual([email('bob'), email('carl'), email('tom')]);
  expect(finance[0].text).toContain('Terms accepted');
  expect(finance[0].text).toContain(`/contracts/${id}`);

  const done = await waitFor(async () => {
    const c = await getContract(api, id);
    return c.status === 'approved' ? c : null;
  }, 'the contract approved');
  const step = done.steps.find((s: { key: string }) => s.key === 'finance_review');
  expect(step.cc.map((p: { id: string }) => p.id).sort()).toEqual([userId('bob'), userId('carl'), userId('tom')].sort());
  expect(done.steps.find((s: { key: string }) => s.key === 'legal_review').cc).toEqual([]);
  const history = (await api('GET', `/api/contracts/${id}/history`, as('olivia'))).body as { type: string; stepKey: string; data: Record<string, any> }[];
  const notified = history.filter((e) => e.type === 'CC_NOTIFIED');
  expect(notified.map((e) => e.stepKey).sort()).toEqual(['finance_review', 'tax_review']);
  const financeEvent = notified.find((e) => e.stepKey === 'finance_review')!;
  expect(financeEvent.data).toMatchObject({ status: 'approved', decidedBy: { kind: 'user', id: task.assignee.id }, roles: ['tax_specialist'] });
  // carl, copied by the policy, may now see the contract.
  expect((await api('GET', `/api/contracts/${id}`, as('carl'))).status).toBe(200);

  // The same send again (an activity retry after its mails went out): nobody is mailed twice.
  const notifier = createMailNotifier({ db: stack.db, config: stack.config });
  try {
    const again = await notifier.sendCcMails!({
      contractId: id,
      revision: 1,
      stepKey: 'finance_review',
      stepName: 'Finance review',
      eventKey: key,
      status: 'approved',
      decidedBy: { kind: 'user', id: task.assignee.id },
      comment: 'Terms accepted',
      decidedAt: step.completedAt,
      taskId: task.id,
      roles: ['tax_specialist'],
      users: [userId('carl'), userId('bob')],
    });
    expect(again.recipientIds).toHaveLength(3);
  } finally {
    notifier.close();
  }
  expect(await mailsOf(key)).toHaveLength(3);
  expect(await mailsOf(`${id}:1:cc:tax_review`)).toHaveLength(1);
  expect((await api('GET', `/api/contracts/${id}/history`, as('olivia'))).body.filter((e: { type: string }) => e.type === 'CC_NOTIFIED')).toHaveLength(2);
});
