// Building blocks shared by the mail templates and the task page: the contract's facts, why a
// person is needed (rule, reason, clause deviations side by side with the standard text), and
// the e-mail layout. Each block comes as HTML (the html`` tag escapes every value) and as plain text,
// in the recipient's language (`m`, from ./i18n; English by default).
import { html, type SafeHtml } from '../../common/html';
import type { ClauseDeviationView, ContractFacts, HumanReason, ReviewerNote, TaskMailBase } from './mail.props';
import { formatMoney, formatPercent } from './format';
import { type Messages, messages } from './i18n';
import { type DiffSegment, wordDiff } from './word-diff';

const EN = messages('en');

const BRAND = '#1f6f43';
const MUTED = '#5f6f66';

const KINDS = ['mandatory_missing', 'text_changed', 'forbidden_term', 'governing_law_not_approved', 'unknown_clause'];

export const deviationKindLabel = (kind: string, m: Messages = EN): string => (KINDS.includes(kind) ? m.t(`deviations.kinds.${kind}`) : kind);

// ------------------------------------------------------------------ contract facts

export function discountText(c: ContractFacts, m: Messages = EN): string {
  if (c.discountPercent === null) return m.t('discount.none');
  const list = c.listTotal !== null ? m.t('discount.listPrice', { price: formatMoney(c.listTotal, c.currency) }) : '';
  return m.t('discount.value', { percent: formatPercent(c.discountPercent), list });
}

export function factRows(c: ContractFacts, m: Messages = EN): [string, string][] {
  return [
    [m.t('facts.title'), c.title],
    [m.t('facts.customer'), `${c.customerName} (${c.customerCountry})`],
    [m.t('facts.amount'), formatMoney(c.amount, c.currency)],
    [m.t('facts.discount'), discountText(c, m)],
    [m.t('facts.paymentTerms'), m.paymentTerms(c.paymentTermsDays)],
    [m.t('facts.delivery'), c.requestedDeliveryDate],
    [m.t('facts.submittedBy'), m.t('facts.submittedByValue', { name: c.submitterName, revision: c.revision })],
  ];
}

export function factsHtml(rows: [string, string][]): SafeHtml {
  const cells = rows.map(
    ([k, v]) =>
      html`<tr><th align="left" valign="top" style="padding:4px 12px 4px 0;color:${MUTED};font-weight:normal;white-space:nowrap">${k}</th>\
<td style="padding:4px 0">${v}</td></tr>`,
  );
  return html`<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:8px 0 16px">${cells}</table>`;
}

export function factsText(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `  ${`${k}:`.padEnd(width)}${v}`).join('\n');
}

// ------------------------------------------------------------------ why a person is needed

/** Problems the reason line does not already spell out. */
function extraProblems(why: HumanReason): string[] {
  return why.problems.filter((p) => !why.reason.includes(p));
}

export function whyHtml(why: HumanReason, m: Messages = EN): SafeHtml {
  const extra = extraProblems(why);
  const problems = extra.length > 0 && html`<ul style="margin:4px 0 12px;padding-left:20px">${extra.map((p) => html`<li>${p}</li>`)}</ul>`;
  const routing = why.routingNote && html`<p style="margin:4px 0;color:${MUTED}">${m.t('why.routing', { note: why.routingNote })}</p>`;
  const step = m.tHtml('why.stepHtml', { step: html`<b>${why.stepName}</b>`, rule: html`<code>${why.ruleId}</code>`, reason: why.reason });
  return html`<h2 style="font-size:16px;margin:16px 0 4px">${m.t('why.heading')}</h2>\
<p style="margin:4px 0">${step}</p>${problems}${routing}${deviationsHtml(why.deviations, m)}`;
}

export function whyText(why: HumanReason, m: Messages = EN): string {
  const lines = [m.t('why.stepText', { step: why.stepName }), m.t('why.ruleText', { rule: why.ruleId, reason: why.reason })];
  lines.push(...extraProblems(why).map((p) => `  - ${p}`));
  if (why.routingNote) lines.push(m.t('why.routing', { note: why.routingNote }));
  const dev = deviationsText(why.deviations, m);
  return lines.map((l) => (l.startsWith('  ') ? l : `  ${l}`)).join('\n') + (dev ? `\n\n${dev}` : '');
}

function segmentsHtml(segments: DiffSegment[], mark: 'del' | 'ins'): SafeHtml {
  const words = segments.map((s) =>
    !s.changed
      ? html`${s.text}`
      : mark === 'del'
        ? html`<del style="background:#fde2e1;color:#8a1c1c">${s.text}</del>`
        : html`<ins style="background:#d9f2e1;color:#0f5132;font-weight:bold;text-decoration:none">${s.text}</ins>`,
  );
  return html`${words.map((w, i) => (i ? html` ${w}` : w))}`;
}

/** One entry per clause: its findings, and its standard and actual text once. */
export interface ClauseFindings {
  clauseKey: string;
  clauseTitle: string;
  findings: { kind: string; detail: string }[];
  standardText?: string;
  actualText?: string;
}

export function groupByClause(deviations: ClauseDeviationView[]): ClauseFindings[] {
  const byKey = new Map<string, ClauseFindings>();
  for (const d of deviations) {
    let entry = byKey.get(d.clauseKey);
    if (!entry) {
      entry = { clauseKey: d.clauseKey, clauseTitle: d.clauseTitle, findings: [] };
      byKey.set(d.clauseKey, entry);
    }
    entry.findings.push({ kind: d.kind, detail: d.detail });
    entry.standardText ??= d.standardText;
    entry.actualText ??= d.actualText;
  }
  return [...byKey.values()];
}

export function deviationsHtml(deviations: ClauseDeviationView[], m: Messages = EN): SafeHtml {
  if (!deviations.length) return html``;
  const cell = 'padding:8px;border:1px solid #d5ddd8;vertical-align:top;font-size:13px;line-height:1.45';
  const rows = groupByClause(deviations).map((d) => {
    const diff = d.standardText && d.actualText ? wordDiff(d.standardText, d.actualText) : null;
    const standard = diff ? segmentsHtml(diff.standard, 'del') : d.standardText || html`<i>${m.t('deviations.noStandard')}</i>`;
    const actual = diff ? segmentsHtml(diff.actual, 'ins') : d.actualText || html`<i>${m.t('deviations.missing')}</i>`;
    const findings = d.findings.map((f) => html`<br><span style="color:${MUTED}">${deviationKindLabel(f.kind, m)}:</span> <span style="font-size:12px">${f.detail}</span>`);
    return html`<tr><td style="${cell};width:24%"><b>${d.clauseTitle}</b>${findings}</td>\
<td style="${cell};width:38%">${standard}</td><td style="${cell};width:38%">${actual}</td></tr>`;
  });
  const head = `background:#eef3f0;text-align:left;${cell}`;
  return html`<h3 style="font-size:14px;margin:12px 0 4px">${m.t('deviations.heading')}</h3>\
<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="border-collapse:collapse;margin:4px 0 16px">\
<tr><th style="${head}">${m.t('deviations.clause')}</th><th style="${head}">${m.t('deviations.standard')}</th><th style="${head}">${m.t('deviations.actual')}</th></tr>${rows}</table>`;
}

export function deviationsText(deviations: ClauseDeviationView[], m: Messages = EN): string {
  if (!deviations.length) return '';
  const blocks = groupByClause(deviations).map((d) =>
    [
      `  * ${d.clauseTitle} (${d.clauseKey})`,
      ...d.findings.map((f) => `    ${deviationKindLabel(f.kind, m)}: ${f.detail}`),
      `    ${m.t('deviations.standardLine', { text: d.standardText ?? m.t('deviations.noStandard') })}`,
      `    ${m.t('deviations.actualLine', { text: d.actualText ?? m.t('deviations.missing') })}`,
    ].join('\n'),
  );
  return `${m.t('deviations.heading')}\n${blocks.join('\n\n')}`;
}

// ------------------------------------------------------------------ reviewer notes (rep mails)

export function notesHtml(notes: ReviewerNote[], timeZone: string, m: Messages = EN): SafeHtml {
  return html`${notes.map(
    (n) =>
      html`<blockquote style="margin:8px 0;padding:8px 12px;border-left:4px solid ${BRAND};background:#f5f8f6">\
<div style="color:${MUTED};font-size:13px">${n.stepName} — ${n.byName}${n.at && `, ${m.instant(n.at, timeZone)}`}</div>\
<div style="white-space:pre-wrap">${n.comment}</div></blockquote>`,
  )}`;
}

export function notesText(notes: ReviewerNote[], timeZone: string, m: Messages = EN): string {
  return notes
    .map((n) => `  ${n.stepName} — ${n.byName}${n.at ? `, ${m.instant(n.at, timeZone)}` : ''}:\n${n.comment.split('\n').map((l) => `    > ${l}`).join('\n')}`)
    .join('\n\n');
}

// ------------------------------------------------------------------ layout

export function mailLayout(opts: { title: string; preheader: string; body: SafeHtml; footer: string; lang?: string }): SafeHtml {
  return html`<!doctype html><html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">\
<meta name="referrer" content="no-referrer"><title>${opts.title}</title></head>\
<body style="margin:0;padding:0;background:#f2f4f3;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1d2b22">\
<div style="display:none;max-height:0;overflow:hidden">${opts.preheader}</div>\
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 12px">\
<table role="presentation" width="680" cellpadding="0" cellspacing="0" style="max-width:680px;width:100%;background:#ffffff;border:1px solid #d5ddd8">\
<tr><td style="background:${BRAND};color:#ffffff;padding:12px 24px;font-size:16px;font-weight:bold">Greenlight</td></tr>\
<tr><td style="padding:20px 24px">${opts.body}</td></tr>\
<tr><td style="padding:12px 24px;border-top:1px solid #e3e8e5;color:${MUTED};font-size:12px">${opts.footer}</td></tr>\
</table></td></tr></table></body></html>`;
}

export function buttonHtml(url: string, label: string): SafeHtml {
  return html`<p style="margin:20px 0"><a href="${url}" style="display:inline-block;background:${BRAND};color:#ffffff;padding:12px 22px;\
border-radius:4px;text-decoration:none;font-weight:bold">${label}</a></p>`;
}

// ------------------------------------------------------------------ task mails

export interface TaskMailParts {
  subject: string;
  heading: string;
  /** One or two sentences: what is asked of the recipient and why now. */
  intro: string;
}

/** The body every task mail shares: facts, why a person is needed, the deadline, the one link. */
export function renderTaskMailBody(parts: TaskMailParts, p: TaskMailBase): { subject: string; html: string; text: string } {
  const m = messages(p.recipient.locale);
  const tz = p.recipient.timeZone;
  const deadline = p.dueAt ? m.instant(p.dueAt, tz) : m.t('task.noDeadline');
  const expires = m.instant(p.link.expiresAt, tz);
  const rows = factRows(p.contract, m);
  const linkNote = m.t('task.linkNote', { expires });
  const footer = m.t('task.footer', { id: p.contract.contractId, revision: p.contract.revision });
  // The web app's task page, beside the one-click page: for whoever wants the whole contract first.
  const appLinkHtml =
    p.appUrl && html`<p style="margin:0 0 12px"><a href="${p.appUrl}" style="color:${BRAND}">${m.t('task.openInApp')}</a> <span style="color:${MUTED};font-size:12px">${m.t('task.openInAppNote')}</span></p>`;
  const appLinkText = p.appUrl ? [m.t('task.openInAppText'), p.appUrl, ''] : [];

  const body = mailLayout({
    title: parts.subject,
    lang: m.locale,
    preheader: m.t('task.preheader', { intro: parts.intro, deadline }),
    body: html`<h1 style="font-size:20px;margin:0 0 8px">${parts.heading}</h1>\
<p style="margin:0 0 8px">${m.t('hello', { name: p.recipient.name })}</p><p style="margin:0 0 8px">${parts.intro}</p>\
${factsHtml(rows)}${whyHtml(p.why, m)}\
<p style="margin:16px 0 4px;font-size:15px"><b>${m.t('task.deadline')}</b> ${deadline}</p>\
${buttonHtml(p.link.url, m.t('task.button'))}${appLinkHtml}\
<p style="margin:0;color:${MUTED};font-size:12px">${linkNote}</p>`,
    footer,
  });

  const text = [
    m.t('hello', { name: p.recipient.name }),
    '',
    parts.intro,
    '',
    m.t('facts.contract'),
    factsText(rows),
    '',
    m.t('why.heading'),
    whyText(p.why, m),
    '',
    `${m.t('task.deadline')} ${deadline}`,
    '',
    m.t('task.buttonText'),
    p.link.url,
    '',
    ...appLinkText,
    linkNote,
    '',
    '-- ',
    footer,
    '',
  ].join('\n');

  return { subject: parts.subject, html: body.toString(), text };
}

/** "[Greenlight] <what>: <step> — <title> (<amount>)" */
export function taskSubject(what: string, p: TaskMailBase): string {
  return messages(p.recipient.locale).t('task.subject', { what, step: p.why.stepName, title: p.contract.title, amount: formatMoney(p.contract.amount, p.contract.currency) });
}

// ------------------------------------------------------------------ rep mails

export function renderRepMailBody(
  parts: { subject: string; heading: string; intro: string; sectionHtml: SafeHtml | false; sectionText: string },
  p: { recipient: { name: string; locale?: Messages['locale'] }; contract: ContractFacts; footerReason?: string },
): { subject: string; html: string; text: string } {
  const m = messages(p.recipient.locale);
  const rows = factRows(p.contract, m);
  const footer = m.t('rep.footer', { id: p.contract.contractId, revision: p.contract.revision, reason: p.footerReason ?? m.t('rep.footerReason') });
  const hello = m.t('hello', { name: p.recipient.name });
  const body = mailLayout({
    title: parts.subject,
    lang: m.locale,
    preheader: parts.intro,
    body: html`<h1 style="font-size:20px;margin:0 0 8px">${parts.heading}</h1>\
<p style="margin:0 0 8px">${hello}</p><p style="margin:0 0 8px">${parts.intro}</p>\
${parts.sectionHtml}${factsHtml(rows)}`,
    footer,
  });
  const text = [hello, '', parts.intro, '', ...(parts.sectionText ? [parts.sectionText, ''] : []), m.t('facts.contract'), factsText(rows), '', '-- ', footer, ''].join('\n');
  return { subject: parts.subject, html: body.toString(), text };
}
