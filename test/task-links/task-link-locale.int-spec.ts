// The one-click decision page's errors, outcome and refusal pages in the link recipient's language,
// through the real workflow, SMTP and HTTP: a zh-CN approver who forgets the comment, then
// decides, then opens the used link again, reads every page in Chinese; a token that is no link
// gets the organisation's language (DEFAULT_LOCALE en).
import { startTestStack, type TestStack } from '../support/stack';
import { linkIn, mailFor, openTask, pages, PUBLIC_BASE_URL, submitLegalContract, taskRow, testIp, usernameOf } from './support';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';

const LEGAL = ['lee', 'lena'];

let stack: TestStack;
// Its own database: the shared one's lee and lena are other test files' approvers, in English.
let fresh: FreshDatabase;

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_link_locale');
  stack = await startTestStack({ api: true, config: { PUBLIC_BASE_URL, DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl } });
  await stack.db.query(`UPDATE users SET locale = 'zh-CN' WHERE username = ANY($1)`, [LEGAL]);
});

afterAll(async () => {
  await stack?.stop();
  await fresh?.drop();
});

test('a zh-CN approver gets the missing-comment error, the recorded page and the used-link refusal in Chinese', async () => {
  const contract = await submitLegalContract(stack.baseUrl!, 'Locale refusal');
  const task = await openTask(stack.db, contract.id, 'legal_review');
  const assignee = usernameOf(task.assignee_id);
  const mail = await mailFor(assignee, `${task.id}:assigned`);
  const link = linkIn(mail.text);
  const browser = pages(stack.baseUrl!, testIp());

  const view = await browser.get(link.path);
  expect(view.status).toBe(200);

  const noComment = await browser.post(link.path, { csrf: view.csrf!, decision: 'reject' }, view.cookie);
  expect(noComment.status).toBe(400);
  expect(noComment.text).toContain('<div class="box error" role="alert">驳回时必须填写评论。</div>');
  expect(noComment.text).not.toContain('A comment is required');

  const noButton = await browser.post(link.path, { csrf: view.csrf! }, view.cookie);
  expect(noButton.status).toBe(400);
  expect(noButton.text).toContain('请点击“批准”“要求修改”或“驳回”。');

  const decided = await browser.post(link.path, { csrf: view.csrf!, decision: 'approve' }, view.cookie);
  expect(decided.status).toBe(200);
  expect(decided.text).toMatch(/<html lang="zh-CN">/);
  expect(decided.text).toContain('<h1>已批准 — 已记录</h1>');
  expect(decided.text).toContain('您的决定已记录，您可以关闭此页面。');
  expect((await taskRow(stack.db, task.id)).status).toBe('decided');

  const replay = await browser.get(link.path);
  expect(replay.status).toBe(410);
  expect(replay.text).toMatch(/<html lang="zh-CN">/);
  expect(replay.text).toContain('<h1>链接已使用</h1>');
  expect(replay.text).toContain('此链接已被使用；每个链接只能使用一次。');
  // Who decided, in Chinese with the Chinese date form.
  expect(replay.text).toMatch(/已批准，决定人 [^<]+，时间 \d{4}年\d{1,2}月\d{1,2}日/);
  expect(replay.text).not.toMatch(/already been used|Link already used/);
});

test('a token that is no link is refused in DEFAULT_LOCALE (en), byte for byte as before', async () => {
  const forged = await pages(stack.baseUrl!, testIp()).get(`/tasks/act/${'A'.repeat(43)}`);
  expect(forged.status).toBe(404);
  expect(forged.text).toMatch(/<html lang="en">/);
  expect(forged.text).toContain('<h1>Link not recognised</h1><div class="box error">This link is not valid. Use the link from your most recent Greenlight e-mail.</div>');
});
