// Mail to the submitting rep: a reviewer rejected the contract; their comments say why.
import type { ContractRejectedProps, RenderedMail } from './mail.props';
import { html } from '../../common/html';
import { formatInstant } from './format';
import { notesHtml, notesText, renderRepMailBody } from './partials';

export function contractRejectedTemplate(p: ContractRejectedProps): RenderedMail {
  const when = formatInstant(p.at, p.recipient.timeZone);
  return renderRepMailBody(
    {
      subject: `[Greenlight] Rejected: ${p.contract.title}`,
      heading: `Rejected: ${p.contract.title}`,
      intro: `Contract "${p.contract.title}" for ${p.contract.customerName} was rejected on ${when}.`,
      sectionHtml: p.notes.length > 0 && html`<h2 style="font-size:16px;margin:16px 0 4px">Comments</h2>${notesHtml(p.notes, p.recipient.timeZone)}`,
      sectionText: p.notes.length ? `Comments\n${notesText(p.notes, p.recipient.timeZone)}` : '',
    },
    p,
  );
}
