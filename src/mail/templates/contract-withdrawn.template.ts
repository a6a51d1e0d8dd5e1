// Mail to the submitting rep confirming a withdrawal; open tasks were cancelled.
import type { ContractWithdrawnProps, RenderedMail } from './mail.props';
import { html } from '../../common/html';
import { messages } from './i18n';
import { renderRepMailBody } from './partials';

export function contractWithdrawnTemplate(p: ContractWithdrawnProps): RenderedMail {
  const m = messages(p.recipient.locale);
  const vars = { title: p.contract.title, customer: p.contract.customerName, when: m.instant(p.at, p.recipient.timeZone) };
  const reason = p.reason ? m.t('rep.withdrawn.reason', { reason: p.reason }) : '';
  return renderRepMailBody(
    {
      subject: m.t('rep.withdrawn.subject', vars),
      heading: m.t('rep.withdrawn.heading', vars),
      intro: m.t('rep.withdrawn.intro', vars),
      sectionHtml: !!reason && html`<p style="margin:8px 0">${reason}</p>`,
      sectionText: reason,
    },
    p,
  );
}
