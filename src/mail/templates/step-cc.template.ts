// CC (抄送): a step was decided, and the recipient is copied on it (by the policy's step, or by the
// rep at submission). Nothing to decide: the decision, who made it, the comment, the contract's
// facts and a link to the contract's page.
import { html } from '../../common/html';
import { messages } from './i18n';
import type { RenderedMail, RepMailBase } from './mail.props';
import { renderRepMailBody } from './partials';

export interface StepCcProps extends RepMailBase {
  stepName: string;
  status: 'approved' | 'auto_approved' | 'rejected' | 'changes_requested';
  /** A person's name, or null for a rule's decision (then `ruleId`). */
  byName: string | null;
  ruleId: string | null;
  comment: string | null;
  /** The contract's page in the web app. */
  appUrl: string;
}

export function stepCcTemplate(p: StepCcProps): RenderedMail {
  const m = messages(p.recipient.locale);
  const by = p.byName ?? m.t('cc.rule', { rule: p.ruleId ?? '' });
  const vars = { step: p.stepName, title: p.contract.title, verb: m.t(`cc.verbs.${p.status}`), by, when: m.instant(p.at, p.recipient.timeZone) };
  const comment = p.comment?.trim() ? m.t('cc.comment', { comment: p.comment.trim() }) : '';
  const open = m.t('cc.open');
  return renderRepMailBody(
    {
      subject: m.t('cc.subject', vars),
      heading: m.t('cc.heading', vars),
      intro: m.t('cc.intro', vars),
      sectionHtml: html`${comment ? html`<p style="margin:8px 0">${comment}</p>` : ''}<p style="margin:8px 0">${open} <a href="${p.appUrl}">${p.appUrl}</a></p>`,
      sectionText: [comment, `${open} ${p.appUrl}`].filter(Boolean).join('\n'),
    },
    { ...p, footerReason: m.t('cc.footerReason') },
  );
}
