import { formatInstant } from './format';
import { MAIL_PREVIEWS, taskAssignedTemplate, taskEscalatedTemplate } from './index';
import { SAMPLE_TASK } from './samples';
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
