// Links follow the task: a delegation makes the old assignee's links useless and mails the new
// assignee a working one; a new revision retires every link of the old one; an escalation mails
// the manager a link bound to the manager, who may decide in the assignee's place.
import { userId } from '../../src/database/seed/demo-organisation';
import { http, startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';
import {
  decisionsOf,
  eventOf,
  linkIn,
  linkRow,
  mailFor,
  messages,
  openTask,
  pages,
  PUBLIC_BASE_URL,
  rejections,
  submitLegalContract,
  taskRow,
  testIp,
  usernameOf,
} from './support';
import { demoEmail } from '../../src/database/seed/demo-organisation';
import { STANDARD_CLAUSES } from '../factories/contract.factory';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { skipTo } from '../support/sla';

describe('task links after delegation, revision and escalation', () => {
  let stack: TestStack;
  let api: ReturnType<typeof http>;

  beforeAll(async () => {
    stack = await startTestStack({ api: true, config: { PUBLIC_BASE_URL } });
    api = http(stack.baseUrl!);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("refuses the old assignee's link after a delegation, and the new assignee's mailed link decides", async () => {
    const ip = testIp();
    const browser = pages(stack.baseUrl!, ip);
    const contract = await submitLegalContract(stack.baseUrl!, 'Delegated');
    const task = await openTask(stack.db, contract.id, 'legal_review');
    const from = usernameOf(task.assignee_id);
    const to = from === 'lee' ? 'lena' : 'lee';
    const oldLink = linkIn((await mailFor(from, `${task.id}:assigned`)).text);
    const oldView = await browser.get(oldLink.path);
    expect(oldView.status).toBe(200);

    const res = await api('POST', `/api/tasks/${task.id}/delegate`, { token: `dev-${from}`, body: { toUserId: userId(to), comment: 'Out until Monday' } });
    expect(res.status).toBe(200);

    // Someone else's link now: refused, even before the delegation mail goes out.
    const stale = await browser.post(oldLink.path, { csrf: oldView.csrf!, decision: 'approve' }, oldView.cookie);
    expect(stale.status).toBe(410);
    expect(stale.text).toContain('reassigned');
    expect((await taskRow(stack.db, task.id)).status).toBe('open');

    const notice = await waitFor(
      async () => (await messages(demoEmail(to))).find((m) => eventOf(m).startsWith(`${task.id}:delegated:${userId(to)}`)),
      `delegation notice to ${to}`,
      60_000,
      250,
    );
    expect(notice.subject).toContain('Delegated to you: Legal review');
    expect(notice.text).toContain(`${from === 'lee' ? 'Lee Huang' : 'Lena Fischer'} handed you step "Legal review"`);
    expect(notice.text).toContain('Out until Monday');
    expect((await linkRow(stack.db, oldLink.token)).superseded_at).not.toBeNull();
    expect((await browser.get(oldLink.path)).status).toBe(410);

    const newLink = linkIn(notice.text);
    const view = await browser.get(newLink.path);
    expect(view.status).toBe(200);
    expect((await browser.post(newLink.path, { csrf: view.csrf!, decision: 'approve' }, view.cookie)).status).toBe(200);
    expect(await taskRow(stack.db, task.id)).toMatchObject({ status: 'decided', decision: 'approve', decided_by_id: userId(to) });
    // Two refusals of one link: one audit row for the window.
    expect((await rejections(stack.db, ip)).map((r) => r.reason)).toEqual(['TOKEN_SUPERSEDED']);
  });

  it('refuses a link of a superseded revision', async () => {
    const ip = testIp();
    const browser = pages(stack.baseUrl!, ip);
    const contract = await submitLegalContract(stack.baseUrl!, 'Revised');
    const legal1 = await openTask(stack.db, contract.id, 'legal_review');
    const link1 = linkIn((await mailFor(usernameOf(legal1.assignee_id), `${legal1.id}:assigned`)).text);
    const view1 = await browser.get(link1.path);
    expect(view1.status).toBe(200);

    const manager = await openTask(stack.db, contract.id, 'sales_manager_approval');
    const sent = await api('POST', `/api/tasks/${manager.id}/decision`, {
      token: `dev-${usernameOf(manager.assignee_id)}`,
      body: { decision: 'request_changes', comment: 'Cap the liability for data breaches too.' },
    });
    expect(sent.status).toBe(200);
    const rep = await mailFor('alice', `${contract.id}:rep:changes_requested:1`);
    expect(rep.text).toContain('Cap the liability for data breaches too.');
    expect(rep.text).toContain('Sales manager approval');

    const revisedLiability = "Each party's total liability is unlimited liability for data breaches, capped otherwise.";
    const revised = await api('POST', `/api/contracts/${contract.id}/revisions`, {
      token: 'dev-alice',
      body: { clauses: STANDARD_CLAUSES.map((c) => (c.key === 'liability' ? { key: 'liability', text: revisedLiability } : c)), comment: 'Second try' },
    });
    expect(revised.status).toBe(200);
    const legal2 = await openTask(stack.db, contract.id, 'legal_review', 2);
    const mail2 = await mailFor(usernameOf(legal2.assignee_id), `${legal2.id}:assigned`);
    expect(mail2.text).toContain('revision 2');
    expect(mail2.text).toContain(revisedLiability);
    const link2 = linkIn(mail2.text);

    const old = await browser.post(link1.path, { csrf: view1.csrf!, decision: 'approve' }, view1.cookie);
    expect(old.status).toBe(410);
    expect(old.text).toContain('Link no longer valid');
    expect((await browser.get(link1.path)).status).toBe(410);
    expect((await linkRow(stack.db, link1.token)).superseded_at).not.toBeNull();
    expect(await taskRow(stack.db, legal2.id)).toMatchObject({ status: 'open' });
    // Two refusals of one link: one audit row for the window.
    expect((await rejections(stack.db, ip)).map((r) => r.reason)).toEqual(['TOKEN_SUPERSEDED']);
    expect((await browser.get(link2.path)).status).toBe(200);
  });
});

// Deadlines cannot be pulled to seconds from now any more (at least an hour ahead), so the
// escalation runs on the time-skipping server, whose clock the test moves past the deadline.
describe('task links after an escalation', () => {
  let env: TestWorkflowEnvironment;
  let stack: TestStack;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    stack = await startTestStack({ env, api: true, config: { PUBLIC_BASE_URL } });
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  it("mails an escalation to the manager with a link bound to them, and they decide in the assignee's place", async () => {
    const contract = await submitLegalContract(stack.baseUrl!, 'Escalated');
    const browser = pages(stack.baseUrl!, testIp());
    const task = await openTask(stack.db, contract.id, 'legal_review');
    const assignee = usernameOf(task.assignee_id);
    const assigneeLink = linkIn((await mailFor(assignee, `${task.id}:assigned`)).text);

    // The deadline passes on the workflow's clock; level 1 escalates to the assignee's manager (ed).
    await skipTo(env, new Date(task.due_at).getTime() + 60_000);
    const notice = await mailFor('ed', `${task.id}:escalated:1`, 90_000);
    expect(notice.subject).toContain('Escalated to you (level 1): Legal review');
    expect(notice.text).toContain(`without a decision from ${assignee === 'lee' ? 'Lee Huang' : 'Lena Fischer'}`);
    const managerLink = linkIn(notice.text);
    expect(managerLink.token).not.toBe(assigneeLink.token);

    const view = await browser.get(managerLink.path);
    expect(view.status).toBe(200);
    expect(view.text).toContain('Deciding as <b>Ed Qian</b>');
    expect(view.text).toContain('it was escalated to you');
    expect((await browser.post(managerLink.path, { csrf: view.csrf!, decision: 'approve' }, view.cookie)).status).toBe(200);
    expect(await taskRow(stack.db, task.id)).toMatchObject({ status: 'decided', decided_by_id: userId('ed') });
    const [decision] = await decisionsOf(stack.db, task.id);
    expect(decision.data).toMatchObject({ decision: 'approve', onBehalfOf: task.assignee_id });

    // The assignee clicks afterwards: who decided what and when.
    const late = await browser.get(assigneeLink.path);
    expect(late.status).toBe(409);
    expect(late.text).toContain('Approved by Ed Qian on');
    const told = await mailFor(assignee, `${task.id}:decided-elsewhere:${task.assignee_id}`);
    expect(told.subject).toContain('No action needed: Legal review');
    expect(told.text).toContain('was approved by Ed Qian on');
    expect(told.text).not.toMatch(/\/tasks\/act\//);
  });
});
