// Notice to whoever else could have decided a task (the assignee, or managers it escalated to)
// that it has been decided: nothing more is needed from them, and their links no longer work.
import type { RenderedMail, TaskDecidedElsewhereProps } from './mail.props';
import { html } from '../../common/html';
import { messages } from './i18n';
import { renderRepMailBody } from './partials';

export function taskDecidedElsewhereTemplate(p: TaskDecidedElsewhereProps): RenderedMail {
  const m = messages(p.recipient.locale);
  const verb = m.t(`rep.decidedElsewhere.verbs.${p.decision}`);
  const vars = { step: p.stepName, title: p.contract.title, verb, by: p.byName, when: m.instant(p.at, p.recipient.timeZone) };
  const comment = p.comment ? m.t('rep.decidedElsewhere.comment', { comment: p.comment }) : '';
  return renderRepMailBody(
    {
      subject: m.t('rep.decidedElsewhere.subject', vars),
      heading: m.t('rep.decidedElsewhere.heading', vars),
      intro: m.t('rep.decidedElsewhere.intro', vars),
      sectionHtml: !!comment && html`<p style="margin:8px 0">${comment}</p>`,
      sectionText: comment,
    },
    { ...p, footerReason: m.t('rep.decidedElsewhere.footerReason') },
  );
}
