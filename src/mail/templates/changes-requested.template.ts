// Mail to the submitting rep: the contract came back for changes, with the reviewers' comments
// and any problems a rule found. Steps whose inputs do not change keep their approvals.
import type { ChangesRequestedProps, RenderedMail } from './mail.props';
import { html } from '../../common/html';
import { messages } from './i18n';
import { notesHtml, notesText, renderRepMailBody } from './partials';

export function changesRequestedTemplate(p: ChangesRequestedProps): RenderedMail {
  const m = messages(p.recipient.locale);
  const tz = p.recipient.timeZone;
  const problemsTitle = m.t('rep.changes.problems');
  const problemsHtml = p.problems.length > 0 && html`<h2 style="font-size:16px;margin:16px 0 4px">${problemsTitle}</h2><ul>${p.problems.map((x) => html`<li>${x}</li>`)}</ul>`;
  const problemsText = p.problems.length ? `${problemsTitle}\n${p.problems.map((x) => `  - ${x}`).join('\n')}` : '';
  const notesH = p.notes.length > 0 && html`<h2 style="font-size:16px;margin:16px 0 4px">${m.t('comments')}</h2>${notesHtml(p.notes, tz, m)}`;
  const notesT = p.notes.length ? `${m.t('comments')}\n${notesText(p.notes, tz, m)}` : '';
  const vars = { title: p.contract.title, customer: p.contract.customerName, revision: p.contract.revision };
  return renderRepMailBody(
    {
      subject: m.t('rep.changes.subject', vars),
      heading: m.t('rep.changes.heading', vars),
      intro: m.t('rep.changes.intro', vars),
      sectionHtml: html`${notesH}${problemsHtml}`,
      sectionText: [notesT, problemsText].filter(Boolean).join('\n\n'),
    },
    p,
  );
}
