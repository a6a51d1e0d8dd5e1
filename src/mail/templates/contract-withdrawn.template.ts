// Mail to the submitting rep confirming a withdrawal; open tasks were cancelled.
import type { ContractWithdrawnProps, RenderedMail } from './mail.props';
import { html } from '../../common/html';
import { formatInstant } from './format';
import { renderRepMailBody } from './partials';

export function contractWithdrawnTemplate(p: ContractWithdrawnProps): RenderedMail {
  const when = formatInstant(p.at, p.recipient.timeZone);
  return renderRepMailBody(
    {
      subject: `[Greenlight] Withdrawn: ${p.contract.title}`,
      heading: `Withdrawn: ${p.contract.title}`,
      intro: `Contract "${p.contract.title}" for ${p.contract.customerName} was withdrawn on ${when}; its open tasks were cancelled.`,
      sectionHtml: !!p.reason && html`<p style="margin:8px 0">Reason given: ${p.reason}</p>`,
      sectionText: p.reason ? `Reason given: ${p.reason}` : '',
    },
    p,
  );
}
