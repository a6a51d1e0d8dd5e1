import { formatInstant } from './format';
import {
  changesRequestedTemplate,
  contractApprovedTemplate,
  contractRejectedTemplate,
  contractWithdrawnTemplate,
  MAIL_PREVIEWS,
  taskAssignedTemplate,
  taskDecidedElsewhereTemplate,
  taskDelegatedTemplate,
  taskEscalatedTemplate,
  taskReminderTemplate,
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

  it('the task mail says what is asked, why, by when, in the approver’s zone, with one link', () => {
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
    expect(mail.html.match(/<a /g)).toHaveLength(1);
    expect(mail.html).toContain(`href="${SAMPLE_TASK.link.url}"`);
    expect(mail.text.split(SAMPLE_TASK.link.url)).toHaveLength(2);
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
const NOT_TEXT = /^(at|dueAt|expiresAt|timeZone|decision|kind|currency)$/;

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
