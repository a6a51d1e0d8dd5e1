// E-mailed task links end to end, on real servers: the mail arrives over SMTP and holds the right
// data; its link opens the task page through the real HTTP API; reading the page (a scanner's
// GET/HEAD, a headless load that fetches every URL on it) decides nothing; posting the form
// approves the step through the workflow; and every bad use gets a 4xx page and an audit row.
import { demoEmail } from '../../src/database/seed/demo-organisation';
import { formatInstant } from '../../src/mail/templates/format';
import { contractWorkflowId, stateQuery } from '../../workflows/contract-approval/messages';
import { AppError, EdgeErrorCode } from '../../src/common/app-error';
import { MailDataRepository } from '../../src/mail/mail-data.repository';
import { csrfFieldFor, newCsrfNonce } from '../../src/task-links/task-link.tokens';
import { TaskLinksRepository } from '../../src/task-links/task-links.repository';
import { TaskLinksService } from '../../src/task-links/task-links.service';
import { TasksService } from '../../src/tasks/tasks.service';
import { http, startTestStack, type TestStack } from '../support/stack';
import {
  decisionsOf,
  linkIn,
  linkRow,
  mailFor,
  openTask,
  pages,
  PUBLIC_BASE_URL,
  rawParsed,
  rejections,
  submitLegalContract,
  taskRow,
  testIp,
  tokenHash,
  usernameOf,
} from './support';

describe('e-mailed task links', () => {
  let stack: TestStack;
  let api: ReturnType<typeof http>;

  beforeAll(async () => {
    stack = await startTestStack({ api: true, config: { PUBLIC_BASE_URL } });
    api = http(stack.baseUrl!);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const workflowOpenTasks = async (contractId: string) =>
    (await stack.client.workflow.getHandle(contractWorkflowId(contractId)).query(stateQuery)).openTasks.map((t) => t.taskId);

  it('mails the assignee the facts, the reason and the deadline; reading the page decides nothing; the form approves; a replay is refused', async () => {
    const ip = testIp();
    const contract = await submitLegalContract(stack.baseUrl!, 'Harbour legal');
    const task = await openTask(stack.db, contract.id, 'legal_review');
    const assignee = usernameOf(task.assignee_id);
    const timeZone = assignee === 'lena' ? 'Europe/Berlin' : 'Asia/Shanghai';

    // 1. The mail: real SMTP, parsed twice (by Mailpit and here from the raw source; the two
    //    parsers differ only in line endings).
    const mail = await mailFor(assignee, `${task.id}:assigned`);
    const parsed = await rawParsed(mail);
    expect(parsed.subject).toBe(mail.subject);
    expect(typeof parsed.html).toBe('string');
    const lf = (text: string | undefined) => (text ?? '').replace(/\r\n/g, '\n');
    expect(lf(parsed.text)).toBe(lf(mail.text));
    expect(mail.to).toEqual([demoEmail(assignee)]);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}\.task-assigned@example\.com>$/);
    expect(mail.subject).toContain('Legal review');
    expect(mail.subject).toContain(contract.title);
    const deadline = formatInstant(task.due_at, timeZone);
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(contract.title);
      expect(body).toContain('Shanghai Harbour Logistics Co., Ltd.');
      expect(body).toContain('CNY 190,000.00');
      expect(body).toContain('5.00% off list');
      expect(body).toContain('30 days net');
      expect(body).toContain(deadline);
      expect(body).toContain('legal_review.no_deviations');
      expect(body).toContain('unlimited liability');
    }
    expect(mail.text).toContain(task.reason.reason);
    expect(mail.text).toContain('Standard text:  Each party');
    expect(mail.html).toContain('This contract</th>');
    const link = linkIn(mail.text);
    expect(link.url.startsWith(`${PUBLIC_BASE_URL}/tasks/act/`)).toBe(true);
    expect(linkIn(mail.html).token).toBe(link.token);

    // 2. Reading: GET, HEAD, a link scanner, and a headless load that fetches every URL on the page.
    const browser = pages(stack.baseUrl!, ip);
    const view = await browser.get(link.path);
    expect(view.status).toBe(200);
    expect(view.headers.get('referrer-policy')).toBe('no-referrer');
    expect(view.headers.get('cache-control')).toContain('no-store');
    expect(view.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(view.headers.get('content-security-policy')).not.toContain('script-src');
    expect(view.headers.get('x-frame-options')).toBe('DENY');
    expect(view.text).not.toMatch(/<script/i);
    expect(view.text).toContain(contract.title);
    expect(view.text).toContain(deadline);
    expect(view.cookie).toMatch(/^gl_csrf=[A-Za-z0-9_-]+$/);
    const setCookie = view.headers.getSetCookie().find((c) => c.startsWith('gl_csrf='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/tasks\/act/);
    expect(view.csrf).toBeTruthy();

    expect((await browser.head(link.path)).status).toBe(200);
    expect((await browser.get(link.path, { 'user-agent': 'Mimecast-URL-Protect/3.0', 'sec-purpose': 'prefetch' })).status).toBe(200);
    const urls = [...view.text.matchAll(/(?:href|src|action)="([^"]+)"/g)].map((m) => m[1]);
    for (const u of [link.path, ...urls]) await browser.get(new URL(u, stack.baseUrl + link.path).pathname);
    // A scanner that submits the form without the page's cookie is refused, and uses nothing up.
    const scannerPost = await browser.post(link.path, { csrf: view.csrf!, decision: 'approve' });
    expect(scannerPost.status).toBe(403);

    expect((await taskRow(stack.db, task.id)).status).toBe('open');
    expect(await workflowOpenTasks(contract.id)).toContain(task.id);
    expect((await linkRow(stack.db, link.token)).used_at).toBeNull();
    expect(await decisionsOf(stack.db, task.id)).toHaveLength(0);
    // The approver still sees it in the API.
    expect((await api('GET', '/api/tasks', { token: `dev-${assignee}` })).body.map((t: { id: string }) => t.id)).toContain(task.id);

    // 3. The click: the form with its CSRF cookie and field.
    const decided = await browser.post(link.path, { csrf: view.csrf!, decision: 'approve', comment: 'Cap accepted for data breaches only' }, view.cookie);
    expect(decided.status).toBe(200);
    expect(decided.text).toContain('Approved — recorded');
    const after = await taskRow(stack.db, task.id);
    expect(after).toMatchObject({ status: 'decided', decision: 'approve', decided_by_id: task.assignee_id });
    const decisions = await decisionsOf(stack.db, task.id);
    expect(decisions).toHaveLength(1);
    expect(decisions[0].origin).toMatchObject({ channel: 'task_link', ip });
    const step = (await api('GET', `/api/contracts/${contract.id}`, { token: 'dev-alice' })).body.steps.find((s: { key: string }) => s.key === 'legal_review');
    expect(step.status).toBe('approved');

    // 4. A second click: 410, showing who decided what and when; one audit row per refused link and window.
    const replay = await browser.post(link.path, { csrf: view.csrf!, decision: 'reject', comment: 'changed my mind' }, view.cookie);
    expect(replay.status).toBe(410);
    expect(replay.text).toContain('already been used');
    expect(replay.text).toContain(`Approved by ${assignee === 'lena' ? 'Lena Fischer' : 'Lee Huang'} on`);
    const replayGet = await browser.get(link.path);
    expect(replayGet.status).toBe(410);
    const audit = await rejections(stack.db, ip);
    expect(audit.map((a) => a.reason)).toEqual(['CSRF_FAILED', 'TOKEN_USED']);
    expect(audit[1]).toMatchObject({ contract_id: contract.id, origin: { ip, userAgent: 'greenlight-test-browser/1.0', method: 'POST' } });
    expect(audit[1].data).toMatchObject({ countedBy: 'link', sample: 'first_in_window', attemptsInWindow: 1 });
    expect((await taskRow(stack.db, task.id)).decision).toBe('approve');

    // 5. The sales manager approves through the API; the contract completes and the rep hears of it.
    const managerTask = await openTask(stack.db, contract.id, 'sales_manager_approval');
    const res = await api('POST', `/api/tasks/${managerTask.id}/decision`, { token: `dev-${usernameOf(managerTask.assignee_id)}`, body: { decision: 'approve' } });
    expect(res.status).toBe(200);
    const approved = await mailFor('alice', `${contract.id}:rep:contract_approved:1`);
    expect(approved.subject).toBe(`[Greenlight] Approved: ${contract.title}`);
    expect(approved.text).toMatch(/Sales order SO-\d+ has been created/);
  });

  it('answers a forged or malformed token with 404 and one audit row per address and window', async () => {
    const ip = testIp();
    const browser = pages(stack.baseUrl!, ip);
    const forged = await browser.get(`/tasks/act/${'A'.repeat(43)}`);
    expect(forged.status).toBe(404);
    expect(forged.text).toContain('Link not recognised');
    expect(forged.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await browser.post(`/tasks/act/${'B'.repeat(43)}`, { decision: 'approve', csrf: 'x' })).status).toBe(404);
    expect((await browser.get('/tasks/act/not-a-token')).status).toBe(404);
    const audit = await rejections(stack.db, ip);
    expect(audit.map((a) => a.reason)).toEqual(['TOKEN_INVALID']);
    expect(audit[0].data).toMatchObject({ countedBy: 'ip', sample: 'first_in_window', attemptsInWindow: 1 });
    expect(audit[0].contract_id).toBeNull();
    expect(audit[0].data.tokenHashPrefix).toMatch(/^[0-9a-f]{12}$/);
  });

  it('refuses an expired link with 410 and an audit row; two simultaneous posts of one link record one decision', async () => {
    const ip = testIp();
    const browser = pages(stack.baseUrl!, ip);
    const contract = await submitLegalContract(stack.baseUrl!, 'Expiry and race');

    const legal = await openTask(stack.db, contract.id, 'legal_review');
    const legalLink = linkIn((await mailFor(usernameOf(legal.assignee_id), `${legal.id}:assigned`)).text);
    const before = await browser.get(legalLink.path);
    expect(before.status).toBe(200);
    await stack.db.query(`UPDATE task_links SET expires_at = now() - interval '1 minute' WHERE id = $1`, [(await linkRow(stack.db, legalLink.token)).id]);
    const expired = await browser.post(legalLink.path, { csrf: before.csrf!, decision: 'approve' }, before.cookie);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('Link expired');
    expect((await browser.get(legalLink.path)).status).toBe(410);
    expect((await taskRow(stack.db, legal.id)).status).toBe('open');
    expect((await rejections(stack.db, ip)).map((a) => a.reason)).toEqual(['TOKEN_EXPIRED']);

    const manager = await openTask(stack.db, contract.id, 'sales_manager_approval');
    const link = linkIn((await mailFor(usernameOf(manager.assignee_id), `${manager.id}:assigned`)).text);
    const view = await browser.get(link.path);
    const [a, b] = await Promise.all([
      browser.post(link.path, { csrf: view.csrf!, decision: 'approve' }, view.cookie),
      browser.post(link.path, { csrf: view.csrf!, decision: 'approve' }, view.cookie),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 410]);
    const decided = await taskRow(stack.db, manager.id);
    expect(decided).toMatchObject({ status: 'decided', decision: 'approve' });
    expect(await decisionsOf(stack.db, manager.id)).toHaveLength(1);
  });

  it('keeps a link usable when a form is refused before the decision (bad CSRF, no button, missing comment)', async () => {
    const ip = testIp();
    const browser = pages(stack.baseUrl!, ip);
    const contract = await submitLegalContract(stack.baseUrl!, 'Form checks');
    const task = await openTask(stack.db, contract.id, 'legal_review');
    const link = linkIn((await mailFor(usernameOf(task.assignee_id), `${task.id}:assigned`)).text);
    const view = await browser.get(link.path);

    const otherPage = await browser.get(link.path);
    expect((await browser.post(link.path, { csrf: otherPage.csrf!, decision: 'approve' }, 'gl_csrf=forgedforgedforgedforged')).status).toBe(403);
    // A post from another site, even with the right pair, is refused.
    expect((await browser.post(link.path, { csrf: view.csrf!, decision: 'approve' }, view.cookie, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await browser.post(link.path, { csrf: view.csrf! }, view.cookie)).status).toBe(400);
    const noComment = await browser.post(link.path, { csrf: view.csrf!, decision: 'reject', comment: '  ' }, view.cookie);
    expect(noComment.status).toBe(400);
    expect(noComment.text).toContain('A comment is required to reject');
    expect((await linkRow(stack.db, link.token)).used_at).toBeNull();

    const changes = await browser.post(link.path, { csrf: view.csrf!, decision: 'request_changes', comment: 'Please restore the standard liability cap.' }, view.cookie);
    expect(changes.status).toBe(200);
    expect(changes.text).toContain('Changes requested — recorded');
    const rep = await mailFor('alice', `${contract.id}:rep:changes_requested:1`);
    expect(rep.subject).toBe(`[Greenlight] Changes requested: ${contract.title}`);
    expect(rep.text).toContain('Please restore the standard liability cap.');
    expect(rep.text).toContain('Legal review');
  });

  it('gives the link back when the decision could not reach the workflow, so the approver can press again', async () => {
    const contract = await submitLegalContract(stack.baseUrl!, 'Temporal hiccup');
    const task = await openTask(stack.db, contract.id, 'legal_review');
    const link = linkIn((await mailFor(usernameOf(task.assignee_id), `${task.id}:assigned`)).text);
    const real = stack.app!.get(TasksService);
    let failures = 1;
    const flaky = {
      decide: (...args: Parameters<TasksService['decide']>) => {
        if (failures-- > 0) return Promise.reject(new AppError(EdgeErrorCode.SERVICE_UNAVAILABLE, 'The workflow did not answer in time'));
        return real.decide(...args);
      },
    } as unknown as TasksService;
    const service = new TaskLinksService(stack.db, stack.app!.get(TaskLinksRepository), stack.app!.get(MailDataRepository), flaky, stack.config);
    const nonce = newCsrfNonce();
    const form = { decision: 'approve', csrf: csrfFieldFor(stack.config.TOKEN_SECRET, tokenHash(link.token), nonce) };
    const req = { ip: testIp(), userAgent: 'test', requestId: null, method: 'POST', csrfCookie: nonce, fetchSite: 'same-origin' };

    const first = await service.decide(link.token, form, req);
    expect(first.status).toBe(503);
    expect(first.html).toContain('nothing was changed');
    expect((await linkRow(stack.db, link.token)).used_at).toBeNull();
    expect((await taskRow(stack.db, task.id)).status).toBe('open');

    const second = await service.decide(link.token, form, req);
    expect(second.status).toBe(200);
    expect((await taskRow(stack.db, task.id)).status).toBe('decided');
    expect((await linkRow(stack.db, link.token)).used_at).not.toBeNull();
  });

  it('rate-limits unknown tokens per address with 429 and Retry-After, auditing the first refusal and the one that crossed the limit', async () => {
    const ip = testIp();
    const browser = pages(stack.baseUrl!, ip);
    const limit = stack.config.TASK_LINK_MAX_FAILURES_PER_15_MIN;
    for (let i = 0; i < limit; i++) expect((await browser.get(`/tasks/act/${String(i).padStart(43, 'x')}`)).status).toBe(404);
    const limited = await browser.get(`/tasks/act/${'y'.repeat(43)}`);
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Too many attempts');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect((await browser.get(`/tasks/act/${'z'.repeat(43)}`)).status).toBe(429);
    const audit = await rejections(stack.db, ip);
    expect(audit.map((a) => a.data.sample)).toEqual(['first_in_window', 'limit_reached']);
    expect(audit[1].data).toMatchObject({ countedBy: 'ip', attemptsInWindow: limit + 1, rateLimited: true });
    // Another address is not affected.
    expect((await pages(stack.baseUrl!, testIp()).get(`/tasks/act/${'y'.repeat(43)}`)).status).toBe(404);
  });
});
