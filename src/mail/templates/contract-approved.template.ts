// Mail to the submitting rep: every step approved, document generated, order created.
import type { ContractApprovedProps, RenderedMail } from './mail.props';
import { html } from '../../common/html';
import { messages } from './i18n';
import { renderRepMailBody } from './partials';

export function contractApprovedTemplate(p: ContractApprovedProps): RenderedMail {
  const m = messages(p.recipient.locale);
  const order = p.orderNumber ? m.t('rep.approved.order', { number: p.orderNumber }) : '';
  const vars = { title: p.contract.title, customer: p.contract.customerName, when: m.instant(p.at, p.recipient.timeZone), order };
  return renderRepMailBody(
    {
      subject: m.t('rep.approved.subject', vars),
      heading: m.t('rep.approved.heading', vars),
      intro: m.t('rep.approved.intro', vars),
      sectionHtml: !!p.orderNumber && html`<p style="margin:8px 0">${m.tHtml('rep.approved.orderNumber', { number: html`<b>${p.orderNumber}</b>` })}</p>`,
      sectionText: p.orderNumber ? m.t('rep.approved.orderNumber', { number: p.orderNumber }) : '',
    },
    p,
  );
}
