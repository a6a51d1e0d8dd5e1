// Mail to the submitting rep: the contract came back for changes, with the reviewers' comments
// and any problems a rule found. Steps whose inputs do not change keep their approvals.
import type { ChangesRequestedProps, RenderedMail } from './mail.props';
import { html } from '../../common/html';
import { notesHtml, notesText, renderRepMailBody } from './partials';

export function changesRequestedTemplate(p: ChangesRequestedProps): RenderedMail {
  const tz = p.recipient.timeZone;
  const problemsHtml = p.problems.length > 0 && html`<h2 style="font-size:16px;margin:16px 0 4px">Problems found</h2><ul>${p.problems.map((x) => html`<li>${x}</li>`)}</ul>`;
  const problemsText = p.problems.length ? `Problems found\n${p.problems.map((x) => `  - ${x}`).join('\n')}` : '';
  const notesH = p.notes.length > 0 && html`<h2 style="font-size:16px;margin:16px 0 4px">Comments</h2>${notesHtml(p.notes, tz)}`;
  const notesT = p.notes.length ? `Comments\n${notesText(p.notes, tz)}` : '';
  return renderRepMailBody(
    {
      subject: `[Greenlight] Changes requested: ${p.contract.title}`,
      heading: `Changes requested: ${p.contract.title}`,
      intro:
        `Contract "${p.contract.title}" for ${p.contract.customerName} (revision ${p.contract.revision}) was returned to you for changes. ` +
        `Submit a revision; steps whose inputs you do not change keep their approvals.`,
      sectionHtml: html`${notesH}${problemsHtml}`,
      sectionText: [notesT, problemsText].filter(Boolean).join('\n\n'),
    },
    p,
  );
}
