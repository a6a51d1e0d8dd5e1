// Mail to the submitting rep: a reviewer rejected the contract; their comments say why.
import type { ContractRejectedProps, RenderedMail } from './mail.props';
import { html } from '../../common/html';
import { messages } from './i18n';
import { notesHtml, notesText, renderRepMailBody } from './partials';

export function contractRejectedTemplate(p: ContractRejectedProps): RenderedMail {
  const m = messages(p.recipient.locale);
  const tz = p.recipient.timeZone;
  const vars = { title: p.contract.title, customer: p.contract.customerName, when: m.instant(p.at, tz) };
  return renderRepMailBody(
    {
      subject: m.t('rep.rejected.subject', vars),
      heading: m.t('rep.rejected.heading', vars),
      intro: m.t('rep.rejected.intro', vars),
      sectionHtml: p.notes.length > 0 && html`<h2 style="font-size:16px;margin:16px 0 4px">${m.t('comments')}</h2>${notesHtml(p.notes, tz, m)}`,
      sectionText: p.notes.length ? `${m.t('comments')}\n${notesText(p.notes, tz, m)}` : '',
    },
    p,
  );
}
