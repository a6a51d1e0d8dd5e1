// Mail to the submitting rep: every step approved, document generated, order created.
import type { ContractApprovedProps, RenderedMail } from './mail.props';
import { html } from '../../common/html';
import { formatInstant } from './format';
import { renderRepMailBody } from './partials';

export function contractApprovedTemplate(p: ContractApprovedProps): RenderedMail {
  const when = formatInstant(p.at, p.recipient.timeZone);
  const order = p.orderNumber ? ` Sales order ${p.orderNumber} has been created.` : '';
  return renderRepMailBody(
    {
      subject: `[Greenlight] Approved: ${p.contract.title}`,
      heading: `Approved: ${p.contract.title}`,
      intro: `Contract "${p.contract.title}" for ${p.contract.customerName} was approved on ${when}.${order}`,
      sectionHtml: !!p.orderNumber && html`<p style="margin:8px 0">Order number: <b>${p.orderNumber}</b></p>`,
      sectionText: p.orderNumber ? `Order number: ${p.orderNumber}` : '',
    },
    p,
  );
}
