import { formatInstant } from './format';
import {
  changesRequestedTemplate,
  contractApprovedTemplate,
  contractRejectedTemplate,
  contractWithdrawnTemplate,
  escalationExhaustedTemplate,
  orderShippedTemplate,
  MAIL_PREVIEWS,
  revisionReminderTemplate,
  taskAssignedTemplate,
  taskDecidedElsewhereTemplate,
  taskDelegatedTemplate,
  taskEscalatedTemplate,
  taskReminderTemplate,
  taskUrgedTemplate,
  stepCcTemplate,
} from './index';
import type { RenderedMail } from './mail.props';
import { SAMPLE_REP, SAMPLE_TASK } from './samples';
import { wordDiff } from './word-diff';

describe('mail templates', () => {
  it.each(MAIL_PREVIEWS.map((p) => [p.name, p.render] as const))('%s renders subject, HTML and text, purely', (_name, render) => {
    const a = render();
    expect(a.subject).toMatch(/^\[Greenlight\] /);
    expect(a.html).toMatch(/^<!doctype html>/);
    expect(a.text.length).toBeGreaterThan(100);
    expect(a.html).not.toMatch(/<script/i);
    // The sample title holds markup characters: escaped in HTML, verbatim in text.
    expect(a.html).toContain('Harbour licences 2027 &lt;renewal &amp; expansion&gt;');
    expect(a.html).not.toContain('<renewal');
    expect(a.text).toContain('Harbour licences 2027 <renewal & expansion>');
    expect(render()).toEqual(a);
  });

  it('the task mail says what is asked, why, by when, in the approver’s zone, with the decision link and the app link', () => {
    const mail = taskAssignedTemplate(SAMPLE_TASK);
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('CNY 190,000.00');
      expect(body).toContain('5.00% off list');
      expect(body).toContain('30 days net');
      expect(body).toContain('Shanghai Harbour Logistics Co., Ltd.');
      expect(body).toContain('legal_review.no_deviations');
      expect(body).toContain('Tue 24 Nov 2026, 10:00 (Europe/Berlin)');
    }
    expect(mail.subject).toContain('Legal review');
    expect(mail.html.match(/<a /g)).toHaveLength(2);
    expect(mail.html).toContain(`href="${SAMPLE_TASK.link.url}"`);
    expect(mail.text.split(SAMPLE_TASK.link.url)).toHaveLength(2);
    expect(mail.html).toMatch(new RegExp(`<a href="${SAMPLE_TASK.appUrl}"[^>]*>Open in Greenlight</a>`));
    expect(mail.text).toContain(`Open in Greenlight (the task page in the web app, after you sign in):\n${SAMPLE_TASK.appUrl}`);
  });

  it.each(['task-assigned', 'task-reminder', 'task-escalated', 'task-delegated'])('%s links to the task in the web app only when given its URL', (name) => {
    const preview = MAIL_PREVIEWS.find((p) => p.name === name)!;
    expect(preview.render().text).toContain(SAMPLE_TASK.appUrl!);
    const withoutApp = { ...SAMPLE_TASK, appUrl: undefined };
    const mail = {
      'task-assigned': () => taskAssignedTemplate(withoutApp),
      'task-reminder': () => taskReminderTemplate({ ...withoutApp, fraction: 0.5 }),
      'task-escalated': () => taskEscalatedTemplate({ ...withoutApp, level: 1, assigneeName: 'Lee Huang' }),
      'task-delegated': () => taskDelegatedTemplate({ ...withoutApp, fromName: null, comment: null }),
    }[name]!();
    expect(mail.text).not.toContain('Open in Greenlight');
    expect(mail.html.match(/<a /g)).toHaveLength(1);
  });

  it('puts each deviating clause’s text beside the standard text, changes marked, once per clause', () => {
    const mail = taskAssignedTemplate(SAMPLE_TASK);
    expect(mail.html).toContain('<th');
    expect(mail.html).toMatch(/Standard text<\/th><th[^>]*>This contract<\/th>/);
    expect(mail.html).toMatch(/<ins[^>]*>unlimited<\/ins>/);
    expect(mail.html).toMatch(/<del[^>]*>payable<\/del>/);
    expect(mail.html.match(/Limitation of liability<\/b>/g)).toHaveLength(1);
    expect(mail.text).toContain('Standard text:  Each party');
    expect(mail.text).toContain('This contract:  Each party');
    expect(mail.text).toContain('Forbidden term: ');
  });

  it('addresses escalation notices to the manager, naming whose task it is', () => {
    const mail = taskEscalatedTemplate({ ...SAMPLE_TASK, recipient: { name: 'Ed Qian', timeZone: 'Asia/Shanghai' }, level: 1, assigneeName: 'Lena Fischer' });
    expect(mail.text).toContain('Hello Ed Qian');
    expect(mail.text).toContain('without a decision from Lena Fischer');
    expect(mail.text).toContain('Tue 24 Nov 2026, 17:00 (Asia/Shanghai)');
  });
});

const SCRIPT = '<script>alert(1)</script>';
/** Keys whose values are instants, zones or codes the templates look up, not free text. */
const NOT_TEXT = /^(at|dueAt|expiresAt|timeZone|decision|kind|currency|locale)$/;

/** The props with SCRIPT appended to every free-text string, however deep. */
function poisoned<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (NOT_TEXT.test(key) ? value : `${value}${SCRIPT}`) as T;
  if (Array.isArray(value)) return value.map((v) => poisoned(v)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v, k)])) as T;
  return value;
}

describe('every mail template escapes what it interpolates', () => {
  const note = { stepName: 'Legal review', byName: 'Lena Fischer', comment: 'Restore the clause.', at: '2026-11-24T08:12:00.000Z' };
  const renders: [string, () => RenderedMail][] = [
    ['task-assigned', () => taskAssignedTemplate(poisoned(SAMPLE_TASK))],
    ['task-reminder', () => taskReminderTemplate(poisoned({ ...SAMPLE_TASK, fraction: 0.5 }))],
    ['task-escalated', () => taskEscalatedTemplate(poisoned({ ...SAMPLE_TASK, level: 1, assigneeName: 'Lee Huang' }))],
    ['task-delegated', () => taskDelegatedTemplate(poisoned({ ...SAMPLE_TASK, fromName: 'Lee Huang', comment: 'On leave' }))],
    ['task-urged', () => taskUrgedTemplate(poisoned({ ...SAMPLE_TASK, repName: 'Alice Wang', note: 'Customer signs Friday' }))],
    [
      'step-cc',
      () =>
        stepCcTemplate({
          ...poisoned({ ...SAMPLE_REP, stepName: 'Legal review', byName: 'Lena Fischer', comment: 'Fine' }),
          status: 'approved' as const,
          ruleId: null,
          appUrl: 'https://greenlight.example.com/contracts/1',
        }),
    ],
    [
      'task-decided-elsewhere',
      () =>
        taskDecidedElsewhereTemplate(
          poisoned({ recipient: SAMPLE_REP.recipient, contract: SAMPLE_REP.contract, stepName: 'Legal review', decision: 'approve' as const, byName: 'Ed Qian', at: SAMPLE_REP.at, comment: 'Fine' }),
        ),
    ],
    ['contract-approved', () => contractApprovedTemplate(poisoned({ ...SAMPLE_REP, orderNumber: 'SO-1' }))],
    ['contract-rejected', () => contractRejectedTemplate(poisoned({ ...SAMPLE_REP, notes: [note] }))],
    ['changes-requested', () => changesRequestedTemplate(poisoned({ ...SAMPLE_REP, notes: [note], problems: ['Price too low'] }))],
    ['contract-withdrawn', () => contractWithdrawnTemplate(poisoned({ ...SAMPLE_REP, reason: 'Postponed' }))],
    [
      'escalation-exhausted',
      () =>
        escalationExhaustedTemplate({
          ...poisoned({ ...SAMPLE_REP, stepName: 'Legal review', assigneeName: 'Lena Fischer', managerNames: ['Ed Qian'] }),
          level: 2,
          dueAt: SAMPLE_REP.at,
          appUrl: 'https://greenlight.example.com/contracts/1',
        }),
    ],
    ['revision-reminder', () => revisionReminderTemplate(poisoned({ ...SAMPLE_REP, since: SAMPLE_REP.at, withdrawAt: SAMPLE_REP.at, notes: [note] }))],
    ['order-shipped', () => orderShippedTemplate(poisoned({ ...SAMPLE_REP, orderNumber: 'SO-1', erpOrderNumber: '4500000001' }))],
  ];

  it('covers every template the preview lists', () => {
    expect(renders.map(([name]) => name).sort()).toEqual(MAIL_PREVIEWS.map((p) => p.name).sort());
  });

  it.each(renders)('%s: an interpolated <script> arrives as text in the HTML, verbatim in the text part', (_name, render) => {
    const mail = render();
    expect(mail.html).not.toMatch(/<script/i);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.text).toContain(SCRIPT);
  });
});

describe('formatInstant', () => {
  it('writes the instant in the given zone', () => {
    expect(formatInstant('2026-11-23T08:00:00Z', 'Asia/Shanghai')).toBe('Mon 23 Nov 2026, 16:00 (Asia/Shanghai)');
    expect(formatInstant('2026-11-23T08:00:00Z', 'Europe/Berlin')).toBe('Mon 23 Nov 2026, 09:00 (Europe/Berlin)');
    expect(formatInstant('2026-07-01T22:30:00Z', 'Europe/Berlin')).toBe('Thu 2 Jul 2026, 00:30 (Europe/Berlin)');
  });
});

describe('wordDiff', () => {
  it('marks removed and added words only', () => {
    const d = wordDiff('liability is limited to fees', 'liability is unlimited to fees');
    expect(d.standard.filter((s) => s.changed).map((s) => s.text)).toEqual(['limited']);
    expect(d.actual.filter((s) => s.changed).map((s) => s.text)).toEqual(['unlimited']);
    expect(wordDiff('same text', 'Same  text').actual.every((s) => !s.changed)).toBe(true);
  });

  it('keeps each side in its own spelling, and treats typographic and straight quotes alike', () => {
    const d = wordDiff('Liability is limited to “fees” paid', 'liability is  unlimited to "fees" paid in full');
    expect(d.standard.map((s) => s.text).join(' ')).toBe('Liability is limited to “fees” paid');
    expect(d.actual.map((s) => s.text).join(' ')).toBe('liability is unlimited to "fees" paid in full');
    expect(d.standard.filter((s) => s.changed).map((s) => s.text)).toEqual(['limited']);
    expect(d.actual.filter((s) => s.changed).map((s) => s.text)).toEqual(['unlimited', 'in', 'full']);
  });

  it('marks every word when nothing is shared, and handles an empty side', () => {
    expect(wordDiff('a b', 'x y')).toEqual({
      standard: [{ text: 'a', changed: true }, { text: 'b', changed: true }],
      actual: [{ text: 'x', changed: true }, { text: 'y', changed: true }],
    });
    expect(wordDiff('', 'a')).toEqual({ standard: [], actual: [{ text: 'a', changed: true }] });
  });
});

describe('in Simplified Chinese (the recipient’s locale)', () => {
  it.each(MAIL_PREVIEWS.map((p) => [p.name, p.render] as const))('%s is written from the zh-CN catalogue, escaped the same way', (_name, render) => {
    const zh = render('zh-CN');
    const en = render('en');
    expect(zh.subject).toMatch(/^\[Greenlight\] /);
    expect(zh.subject).not.toBe(en.subject);
    expect(zh.html).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(en.html).toMatch(/^<!doctype html><html lang="en">/);
    // Greeting and the facts' labels are Chinese; no English sentence of the template is left.
    expect(zh.text).toMatch(/您好：/);
    expect(zh.text).toContain('合同信息');
    expect(zh.text).not.toMatch(/Hello |The contract|You receive this/);
    // Data stays as entered, escaped in HTML and verbatim in text.
    expect(zh.html).toContain('Harbour licences 2027 &lt;renewal &amp; expansion&gt;');
    expect(zh.text).toContain('Harbour licences 2027 <renewal & expansion>');
    // Money keeps its currency and separators.
    expect(zh.text).toContain('CNY 190,000.00');
  });

  it('writes deadlines in the recipient’s zone as a Chinese reader reads dates, with the decision and app links', () => {
    const mail = taskAssignedTemplate({ ...SAMPLE_TASK, recipient: { ...SAMPLE_TASK.recipient, locale: 'zh-CN' } });
    expect(mail.text).toContain('截止时间： 2026年11月24日 周二 10:00 (Europe/Berlin)');
    expect(mail.text).toContain('30 天账期');
    expect(mail.text).toContain('比目录价低 5.00%（目录价 CNY 200,000.00）');
    expect(mail.html).toContain('需要人工审批');
    expect(mail.html).toMatch(/<b>Legal review<\/b> 无法自动批准/);
    expect(mail.html).toContain('<th style="background:#eef3f0;text-align:left;padding:8px;border:1px solid #d5ddd8;vertical-align:top;font-size:13px;line-height:1.45">标准文本</th>');
    expect(mail.html).toContain(`href="${SAMPLE_TASK.link.url}"`);
    expect(mail.html).toMatch(new RegExp(`<a href="${SAMPLE_TASK.appUrl}"[^>]*>在 Greenlight 中打开</a>`));
    expect(mail.subject).toBe('[Greenlight] 需要审批：Legal review — Harbour licences 2027 <renewal & expansion>（CNY 190,000.00）');
  });

  it('escapes interpolated markup in Chinese too', () => {
    const mail = taskAssignedTemplate(poisoned({ ...SAMPLE_TASK, recipient: { ...SAMPLE_TASK.recipient, locale: 'zh-CN' as const } }));
    expect(mail.html).not.toMatch(/<script/i);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
