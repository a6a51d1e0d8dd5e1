// Mail to ops: a task's escalation ran out of managers (nobody above the last manager told), so
// the overdue task will reach nobody new unless ops step in (urge, delegate, move the deadline).
// The contract carries an attention flag until the task is decided. Its texts sit here, in both
// languages, rather than in the shared catalogues; the greeting, facts and footer come from them.
import { html } from '../../common/html';
import type { Locale } from '../../directory/locale';
import { messages } from './i18n';
import type { RenderedMail, RepMailBase } from './mail.props';
import { renderRepMailBody } from './partials';

export interface EscalationExhaustedProps extends RepMailBase {
  stepName: string;
  assigneeName: string;
  /** Managers already told, in the order the task escalated to them. */
  managerNames: string[];
  level: number;
  dueAt: string | null;
  /** The contract's page in the web app. */
  appUrl: string;
}

const TEXTS: Record<Locale, Record<'subject' | 'heading' | 'intro' | 'assignee' | 'managers' | 'noManagers' | 'due' | 'open' | 'footerReason', string>> = {
  en: {
    subject: '[Greenlight] No manager left: {{step}} — {{title}}',
    heading: 'Escalation ran out of managers',
    intro:
      'Step "{{step}}" on contract "{{title}}" is past its deadline, and escalation level {{level}} found no manager above those already told. Nobody new will be asked: please follow it up (urge, delegate or move the deadline). The contract is flagged for attention until the step is decided.',
    assignee: 'Assignee: {{name}}',
    managers: 'Managers already told: {{names}}',
    noManagers: 'Managers already told: none',
    due: 'Deadline: {{when}}',
    open: 'Open the contract in Greenlight:',
    footerReason: 'You receive this because you have the ops role.',
  },
  'zh-CN': {
    subject: '[Greenlight] 已无上级可升级：{{step}} — {{title}}',
    heading: '升级已无上级',
    intro:
      '合同“{{title}}”的步骤“{{step}}”已超过截止时间，第 {{level}} 级升级找不到已通知经理之上的上级，不会再通知任何新的人：请跟进处理（催办、转交或调整截止时间）。在该步骤作出决定之前，合同会一直标记为需要关注。',
    assignee: '处理人：{{name}}',
    managers: '已通知的经理：{{names}}',
    noManagers: '已通知的经理：无',
    due: '截止时间：{{when}}',
    open: '在 Greenlight 中打开合同：',
    footerReason: '您收到此邮件，是因为您具有运营（ops）角色。',
  },
};

function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function escalationExhaustedTemplate(p: EscalationExhaustedProps): RenderedMail {
  const m = messages(p.recipient.locale);
  const t = TEXTS[m.locale];
  const vars = { step: p.stepName, title: p.contract.title, level: p.level };
  const lines = [
    fill(t.assignee, { name: p.assigneeName }),
    p.managerNames.length ? fill(t.managers, { names: p.managerNames.join(m.locale === 'zh-CN' ? '、' : ', ') }) : t.noManagers,
    ...(p.dueAt ? [fill(t.due, { when: m.instant(p.dueAt, p.recipient.timeZone) })] : []),
  ];
  return renderRepMailBody(
    {
      subject: fill(t.subject, vars),
      heading: t.heading,
      intro: fill(t.intro, vars),
      sectionHtml: html`<ul style="margin:8px 0;padding-left:20px">${lines.map((l) => html`<li>${l}</li>`)}</ul>\
<p style="margin:8px 0">${t.open} <a href="${p.appUrl}">${p.appUrl}</a></p>`,
      sectionText: [...lines.map((l) => `- ${l}`), '', t.open, p.appUrl].join('\n'),
    },
    { ...p, footerReason: t.footerReason },
  );
}
