// Reminder to the rep: the contract has been back with them (changes requested) for the policy's
// reminder period; unless they revise it by `withdrawAt`, it is withdrawn automatically
// (src/domain/sla/revision-timeout.ts). The reviewers' notes are repeated so the mail stands alone.
// Its texts sit here, in both languages, rather than in the shared catalogues.
import { html } from '../../common/html';
import type { Locale } from '../../directory/locale';
import { messages } from './i18n';
import type { RenderedMail, RepMailBase, ReviewerNote } from './mail.props';
import { notesHtml, notesText, renderRepMailBody } from './partials';

export interface RevisionReminderProps extends RepMailBase {
  /** When the changes were requested. */
  since: string;
  /** When the contract is withdrawn unless revised; null when unknown. */
  withdrawAt: string | null;
  notes: ReviewerNote[];
}

const TEXTS: Record<Locale, Record<'subject' | 'heading' | 'intro' | 'withdraw' | 'notes', string>> = {
  en: {
    subject: '[Greenlight] Reminder: changes requested on {{title}}',
    heading: 'Your revision is awaited: {{title}}',
    intro: 'Changes were requested on contract "{{title}}" for {{customer}} on {{since}}, and it has not been revised yet.',
    withdraw: 'Unless you revise it by {{when}}, it will be withdrawn automatically.',
    notes: 'What the reviewers asked',
  },
  'zh-CN': {
    subject: '[Greenlight] 提醒：合同“{{title}}”待修改',
    heading: '等待您的修改：{{title}}',
    intro: '客户 {{customer}} 的合同“{{title}}”于 {{since}} 被要求修改，至今尚未修改。',
    withdraw: '如在 {{when}} 之前仍未修改，合同将被自动撤回。',
    notes: '审批人的意见',
  },
};

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
}

export function revisionReminderTemplate(p: RevisionReminderProps): RenderedMail {
  const m = messages(p.recipient.locale);
  const t = TEXTS[m.locale];
  const tz = p.recipient.timeZone;
  const vars = { title: p.contract.title, customer: p.contract.customerName, since: m.instant(p.since, tz) };
  const withdraw = p.withdrawAt ? fill(t.withdraw, { when: m.instant(p.withdrawAt, tz) }) : '';
  const notesH = p.notes.length > 0 && html`<h2 style="font-size:16px;margin:16px 0 4px">${t.notes}</h2>${notesHtml(p.notes, tz, m)}`;
  const notesT = p.notes.length ? `${t.notes}\n${notesText(p.notes, tz, m)}` : '';
  return renderRepMailBody(
    {
      subject: fill(t.subject, vars),
      heading: fill(t.heading, vars),
      intro: fill(t.intro, vars),
      sectionHtml: html`${withdraw && html`<p style="margin:8px 0"><b>${withdraw}</b></p>`}${notesH}`,
      sectionText: [withdraw, notesT].filter(Boolean).join('\n\n'),
    },
    p,
  );
}
