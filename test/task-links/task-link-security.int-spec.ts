// Task links an attacker cannot compute, and a rate limit that cannot lock out the innocent, on
// the real API, workflow and mail: a link computed from the task, the assignee and TOKEN_SECRET
// (all a rep can know with the published development secret) decides nothing; stale clicks and
// garbage from one office address are cut off per link and per address while every valid link
// from that address keeps working; and a flood costs two audit rows, not one per request.
import { randomBytes } from 'node:crypto';
import { csrfFieldFor, deriveTaskLinkToken, newCsrfNonce } from '../../src/task-links/task-link.tokens';
import { http, startTestStack, type TestStack } from '../support/stack';
import { decisionsOf, linkIn, mailFor, openTask, pages, PUBLIC_BASE_URL, rejections, submitLegalContract, taskRow, testIp, tokenHash, usernameOf } from './support';

describe('task-link security', () => {
  let stack: TestStack;
  let api: ReturnType<typeof http>;

  beforeAll(async () => {
    stack = await startTestStack({ api: true, config: { PUBLIC_BASE_URL } });
    api = http(stack.baseUrl!);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a link computed from the task id, the assignee and the secret, even with a matching CSRF pair', async () => {
    const ip = testIp();
    const browser = pages(stack.baseUrl!, ip);
    const contract = await submitLegalContract(stack.baseUrl!, 'Forgery');
    const task = await openTask(stack.db, contract.id, 'legal_review');
    const mailed = linkIn((await mailFor(usernameOf(task.assignee_id), `${task.id}:assigned`)).text);

    // What a rep could compute: the mail event key is the task id, the assignee is on the contract page.
    const forged = deriveTaskLinkToken(stack.config.TOKEN_SECRET, `${task.id}:assigned`, task.assignee_id);
    // It is exactly what links used to carry: the link row is keyed by it.
    expect((await stack.db.query(`SELECT count(*)::int AS n FROM task_links WHERE token_hash = $1`, [tokenHash(forged)]))[0].n).toBe(1);
    expect(forged).not.toBe(mailed.token);

    const view = await browser.get(`/tasks/act/${forged}`);
    expect(view.status).toBe(410);
    expect(view.text).toContain('older format');
    expect(view.csrf).toBeNull();
    const nonce = newCsrfNonce();
    const post = await browser.post(
      `/tasks/act/${forged}`,
      { decision: 'approve', csrf: csrfFieldFor(stack.config.TOKEN_SECRET, tokenHash(forged), nonce) },
      `gl_csrf=${nonce}`,
    );
    expect(post.status).toBe(410);
    expect(await taskRow(stack.db, task.id)).toMatchObject({ status: 'open', decision: null });
    expect(await decisionsOf(stack.db, task.id)).toHaveLength(0);
    // Counted against the address, like any token that is not a mailed one.
    expect((await rejections(stack.db, ip))[0].data).toMatchObject({ countedBy: 'ip', reason: 'TOKEN_SUPERSEDED' });

    // The mailed link, whose token only the server and the mail know, works.
    const real = await browser.get(mailed.path);
    expect(real.status).toBe(200);
    expect((await browser.post(mailed.path, { decision: 'approve', csrf: real.csrf! }, real.cookie)).status).toBe(200);
    expect(await taskRow(stack.db, task.id)).toMatchObject({ status: 'decided', decision: 'approve', decided_by_id: task.assignee_id });
  });

  it('keeps every valid link working for an office address that sent stale clicks and garbage past the limit', async () => {
    const office = testIp();
    const browser = pages(stack.baseUrl!, office);
    const limit = stack.config.TASK_LINK_MAX_FAILURES_PER_15_MIN;

    // A link whose task was decided in the API: every click on it is refused.
    const decided = await submitLegalContract(stack.baseUrl!, 'Stale link');
    const decidedTask = await openTask(stack.db, decided.id, 'legal_review');
    const stale = linkIn((await mailFor(usernameOf(decidedTask.assignee_id), `${decidedTask.id}:assigned`)).text);
    const res = await api('POST', `/api/tasks/${decidedTask.id}/decision`, { token: `dev-${usernameOf(decidedTask.assignee_id)}`, body: { decision: 'approve' } });
    expect(res.status).toBe(200);

    // The next contract's reviewer shares the office address.
    const fresh = await submitLegalContract(stack.baseUrl!, 'Fresh link');
    const freshTask = await openTask(stack.db, fresh.id, 'legal_review');
    const valid = linkIn((await mailFor(usernameOf(freshTask.assignee_id), `${freshTask.id}:assigned`)).text);

    // More stale clicks than the limit: refused, then cut off, for that link only.
    const staleStatuses: number[] = [];
    for (let i = 0; i < limit + 2; i++) staleStatuses.push((await browser.get(stale.path)).status);
    expect(staleStatuses.slice(0, limit).every((s) => s === 409)).toBe(true);
    expect(staleStatuses.slice(limit)).toEqual([429, 429]);
    // More garbage than the limit: refused, then cut off, for unknown tokens from this address.
    for (let i = 0; i < limit; i++) expect((await browser.get(`/tasks/act/${randomBytes(32).toString('base64url')}`)).status).toBe(404);
    const garbage = await browser.get(`/tasks/act/${randomBytes(32).toString('base64url')}`);
    expect(garbage.status).toBe(429);
    expect(Number(garbage.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(garbage.text).toContain('links from your Greenlight e-mails keep working');

    // The valid link from the same address: page, then decision.
    const view = await browser.get(valid.path);
    expect(view.status).toBe(200);
    const post = await browser.post(valid.path, { decision: 'approve', csrf: view.csrf! }, view.cookie);
    expect(post.status).toBe(200);
    expect(await taskRow(stack.db, freshTask.id)).toMatchObject({ status: 'decided', decision: 'approve' });

    // 2 × (limit + 1) refusals, four audit rows: the first of each key and the one that crossed its limit.
    const audit = await rejections(stack.db, office);
    expect(audit.map((a) => [a.data.countedBy, a.data.sample, a.data.attemptsInWindow])).toEqual([
      ['link', 'first_in_window', 1],
      ['link', 'limit_reached', limit + 1],
      ['ip', 'first_in_window', 1],
      ['ip', 'limit_reached', limit + 1],
    ]);
    expect(audit[0]).toMatchObject({ reason: 'TASK_ALREADY_DECIDED', contract_id: decided.id });
  });
});
