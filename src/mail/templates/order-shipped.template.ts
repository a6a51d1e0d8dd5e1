// Mail to the submitting rep: the status bot saw the contract's order shipped in the ERP.
import type { OrderShippedProps, RenderedMail } from './mail.props';
import { html } from '../../common/html';
import { messages } from './i18n';
import { renderRepMailBody } from './partials';

export function orderShippedTemplate(p: OrderShippedProps): RenderedMail {
  const m = messages(p.recipient.locale);
  const vars = { title: p.contract.title, customer: p.contract.customerName, when: m.instant(p.at, p.recipient.timeZone) };
  const numbers = m.t('rep.shipped.orderNumbers', { number: p.orderNumber, erpNumber: p.erpOrderNumber });
  return renderRepMailBody(
    {
      subject: m.t('rep.shipped.subject', vars),
      heading: m.t('rep.shipped.heading', vars),
      intro: m.t('rep.shipped.intro', vars),
      sectionHtml: html`<p style="margin:8px 0">${numbers}</p>`,
      sectionText: numbers,
    },
    p,
  );
}
