// Mails and the one-click decision page in the recipient's language, through the real workflow,
// SMTP and HTTP: approvers whose locale is zh-CN get the task mail and the page in Chinese, with
// the "Open in Greenlight" link to the task's page in the web app; once they choose no language
// (locale NULL), the next mail is English (DEFAULT_LOCALE en).
import { http, startTestStack, type TestStack } from '../support/stack';
import { linkIn, mailFor, openTask, pages, PUBLIC_BASE_URL, submitLegalContract, testIp, usernameOf } from '../task-links/support';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';

const LEGAL = ['lee', 'lena'];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let stack: TestStack;
// Its own database: the shared one's lee and lena are other test files' approvers, in English.
let fresh: FreshDatabase;

beforeAll(async () => {
  fresh = await createFreshDatabase('gl_mail_locale');
  stack = await startTestStack({ api: true, config: { PUBLIC_BASE_URL, DATABASE_URL: fresh.appUrl, DATABASE_ADMIN_URL: fresh.adminUrl } });
  await stack.db.query(`UPDATE users SET locale = 'zh-CN' WHERE username = ANY($1)`, [LEGAL]);
});

afterAll(async () => {
  await stack?.stop();
  await fresh?.drop();
});

test('a zh-CN approver gets the task mail and the decision page in Chinese, with the link to the task in the web app', async () => {
  const contract = await submitLegalContract(stack.baseUrl!, 'Locale');
  const task = await openTask(stack.db, contract.id, 'legal_review');
  const assignee = usernameOf(task.assignee_id);
  expect(LEGAL).toContain(assignee);

  const mail = await mailFor(assignee, `${task.id}:assigned`);
  expect(mail.subject).toMatch(/^\[Greenlight\] 需要审批：Legal review — /);
  expect(mail.text).toMatch(/您好：/);
  expect(mail.text).toContain('截止时间：');
  // Mail text arrives with CRLF line ends.
  expect(mail.text).toMatch(new RegExp(`在 Greenlight 中打开（登录后在网页应用中查看任务页面）：\\s+${escapeRe(`${PUBLIC_BASE_URL}/tasks/${task.id}`)}`));
  expect(mail.html).toMatch(/<html lang="zh-CN">/);
  expect(mail.html).toContain(`href="${PUBLIC_BASE_URL}/tasks/${task.id}"`);

  const page = await pages(stack.baseUrl!, testIp()).get(linkIn(mail.text).path);
  expect(page.status).toBe(200);
  expect(page.text).toMatch(/<html lang="zh-CN">/);
  expect(page.text).toContain('>批准</button>');
  expect(page.text).toContain('截止时间：');
});

test('a user without a locale is addressed in DEFAULT_LOCALE (en)', async () => {
  expect(stack.config.DEFAULT_LOCALE).toBe('en');
  const me = await http(stack.baseUrl!)('GET', '/api/users/me', { token: 'dev-alice' });
  expect(me.body.locale).toBeNull();
  const contract = await submitLegalContract(stack.baseUrl!, 'Locale rep');
  const task = await openTask(stack.db, contract.id, 'legal_review');
  // Still zh-CN for the first mail; then the approver goes back to the organisation's default.
  const mail = await mailFor(usernameOf(task.assignee_id), `${task.id}:assigned`);
  expect(mail.subject).toMatch(/需要审批/);
  await stack.db.query(`UPDATE users SET locale = NULL WHERE username = ANY($1)`, [LEGAL]);
  const reminder = { taskId: task.id, eventKey: `${task.id}:reminder:locale`, kind: 'task_reminder' as const, fraction: 0.5 };
  const { createMailNotifier } = await import('../../src/mail/mail-notifier');
  const notifier = createMailNotifier({ db: stack.db, config: stack.config });
  try {
    expect((await notifier.sendTaskMail(reminder)).sent).toBe(true);
  } finally {
    notifier.close();
  }
  const english = await mailFor(usernameOf(task.assignee_id), reminder.eventKey);
  expect(english.subject).toMatch(/^\[Greenlight\] Reminder: Legal review — /);
  expect(english.text).toContain('Hello ');
  expect(english.text).toMatch(new RegExp(`${escapeRe('Open in Greenlight (the task page in the web app, after you sign in):')}\\s+${escapeRe(`${PUBLIC_BASE_URL}/tasks/${task.id}`)}`));
});
