// Building blocks shared by the mail templates and the task page: the contract's facts, why a
// person is needed (rule, reason, clause deviations side by side with the standard text), and
// the e-mail layout. Each block comes as HTML (the html`` tag escapes every value) and as plain text.
import { html, type SafeHtml } from '../../common/html';
import type { ClauseDeviationView, ContractFacts, HumanReason, ReviewerNote, TaskMailBase } from './mail.props';
import { formatInstant, formatMoney, formatPaymentTerms, formatPercent } from './format';
import { type DiffSegment, wordDiff } from './word-diff';

const BRAND = '#1f6f43';
const MUTED = '#5f6f66';

const KIND_LABELS: Record<string, string> = {
  mandatory_missing: 'Mandatory clause missing',
  text_changed: 'Text differs from the standard',
  forbidden_term: 'Forbidden term',
  governing_law_not_approved: 'Governing law not approved',
  unknown_clause: 'Not in the clause library',
};

export const deviationKindLabel = (kind: string): string => KIND_LABELS[kind] ?? kind;

// ------------------------------------------------------------------ contract facts

export function discountText(c: ContractFacts): string {
  if (c.discountPercent === null) return 'not derivable (no catalogue price for the lines)';
  const list = c.listTotal !== null ? ` (list price ${formatMoney(c.listTotal, c.currency)})` : '';
  return `${formatPercent(c.discountPercent)} off list${list}`;
}

export function factRows(c: ContractFacts): [string, string][] {
  return [
    ['Title', c.title],
    ['Customer', `${c.customerName} (${c.customerCountry})`],
    ['Amount', formatMoney(c.amount, c.currency)],
    ['Discount', discountText(c)],
    ['Payment terms', formatPaymentTerms(c.paymentTermsDays)],
    ['Delivery requested', c.requestedDeliveryDate],
    ['Submitted by', `${c.submitterName}, revision ${c.revision}`],
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

export function whyHtml(why: HumanReason): SafeHtml {
  const extra = extraProblems(why);
  const problems = extra.length > 0 && html`<ul style="margin:4px 0 12px;padding-left:20px">${extra.map((p) => html`<li>${p}</li>`)}</ul>`;
  const routing = why.routingNote && html`<p style="margin:4px 0;color:${MUTED}">Routing: ${why.routingNote}</p>`;
  return html`<h2 style="font-size:16px;margin:16px 0 4px">Why a person is needed</h2>\
<p style="margin:4px 0">Step <b>${why.stepName}</b> could not be approved automatically. \
Rule <code>${why.ruleId}</code> says: ${why.reason}</p>${problems}${routing}${deviationsHtml(why.deviations)}`;
}

export function whyText(why: HumanReason): string {
  const lines = [`Step "${why.stepName}" could not be approved automatically.`, `Rule ${why.ruleId}: ${why.reason}`];
  lines.push(...extraProblems(why).map((p) => `  - ${p}`));
  if (why.routingNote) lines.push(`Routing: ${why.routingNote}`);
  const dev = deviationsText(why.deviations);
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

export function deviationsHtml(deviations: ClauseDeviationView[]): SafeHtml {
  if (!deviations.length) return html``;
  const cell = 'padding:8px;border:1px solid #d5ddd8;vertical-align:top;font-size:13px;line-height:1.45';
  const rows = groupByClause(deviations).map((d) => {
    const diff = d.standardText && d.actualText ? wordDiff(d.standardText, d.actualText) : null;
    const standard = diff ? segmentsHtml(diff.standard, 'del') : d.standardText || html`<i>(no standard clause)</i>`;
    const actual = diff ? segmentsHtml(diff.actual, 'ins') : d.actualText || html`<i>(missing from the contract)</i>`;
    const findings = d.findings.map((f) => html`<br><span style="color:${MUTED}">${deviationKindLabel(f.kind)}:</span> <span style="font-size:12px">${f.detail}</span>`);
    return html`<tr><td style="${cell};width:24%"><b>${d.clauseTitle}</b>${findings}</td>\
<td style="${cell};width:38%">${standard}</td><td style="${cell};width:38%">${actual}</td></tr>`;
  });
  const head = `background:#eef3f0;text-align:left;${cell}`;
  return html`<h3 style="font-size:14px;margin:12px 0 4px">Clause deviations</h3>\
<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="border-collapse:collapse;margin:4px 0 16px">\
<tr><th style="${head}">Clause</th><th style="${head}">Standard text</th><th style="${head}">This contract</th></tr>${rows}</table>`;
}

export function deviationsText(deviations: ClauseDeviationView[]): string {
  if (!deviations.length) return '';
  const blocks = groupByClause(deviations).map((d) =>
    [
      `  * ${d.clauseTitle} (${d.clauseKey})`,
      ...d.findings.map((f) => `    ${deviationKindLabel(f.kind)}: ${f.detail}`),
      `    Standard text:  ${d.standardText ?? '(no standard clause)'}`,
      `    This contract:  ${d.actualText ?? '(missing from the contract)'}`,
    ].join('\n'),
  );
  return `Clause deviations\n${blocks.join('\n\n')}`;
}

// ------------------------------------------------------------------ reviewer notes (rep mails)

export function notesHtml(notes: ReviewerNote[], timeZone: string): SafeHtml {
  return html`${notes.map(
    (n) =>
      html`<blockquote style="margin:8px 0;padding:8px 12px;border-left:4px solid ${BRAND};background:#f5f8f6">\
<div style="color:${MUTED};font-size:13px">${n.stepName} — ${n.byName}${n.at && `, ${formatInstant(n.at, timeZone)}`}</div>\
<div style="white-space:pre-wrap">${n.comment}</div></blockquote>`,
  )}`;
}

export function notesText(notes: ReviewerNote[], timeZone: string): string {
  return notes
    .map((n) => `  ${n.stepName} — ${n.byName}${n.at ? `, ${formatInstant(n.at, timeZone)}` : ''}:\n${n.comment.split('\n').map((l) => `    > ${l}`).join('\n')}`)
    .join('\n\n');
}

// ------------------------------------------------------------------ layout

export function mailLayout(opts: { title: string; preheader: string; body: SafeHtml; footer: string }): SafeHtml {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">\
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
  const tz = p.recipient.timeZone;
  const deadline = p.dueAt ? formatInstant(p.dueAt, tz) : 'no deadline';
  const expires = formatInstant(p.link.expiresAt, tz);
  const rows = factRows(p.contract);
  const linkNote =
    `The link is for you alone and works once, until ${expires}. Opening it changes nothing: ` +
    `your decision is recorded only when you press Approve, Reject or Request changes on the page.`;
  const footer = `Contract ${p.contract.contractId} · revision ${p.contract.revision}. You receive this because the task is assigned or escalated to you.`;

  const body = mailLayout({
    title: parts.subject,
    preheader: `${parts.intro} Deadline: ${deadline}.`,
    body: html`<h1 style="font-size:20px;margin:0 0 8px">${parts.heading}</h1>\
<p style="margin:0 0 8px">Hello ${p.recipient.name},</p><p style="margin:0 0 8px">${parts.intro}</p>\
${factsHtml(rows)}${whyHtml(p.why)}\
<p style="margin:16px 0 4px;font-size:15px"><b>Deadline:</b> ${deadline}</p>\
${buttonHtml(p.link.url, 'Review and decide')}\
<p style="margin:0;color:${MUTED};font-size:12px">${linkNote}</p>`,
    footer,
  });

  const text = [
    `Hello ${p.recipient.name},`,
    '',
    parts.intro,
    '',
    'The contract',
    factsText(rows),
    '',
    'Why a person is needed',
    whyText(p.why),
    '',
    `Deadline: ${deadline}`,
    '',
    'Review and decide (approve, reject or request changes):',
    p.link.url,
    '',
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
  return `[Greenlight] ${what}: ${p.why.stepName} — ${p.contract.title} (${formatMoney(p.contract.amount, p.contract.currency)})`;
}

// ------------------------------------------------------------------ rep mails

export function renderRepMailBody(
  parts: { subject: string; heading: string; intro: string; sectionHtml: SafeHtml | false; sectionText: string },
  p: { recipient: { name: string }; contract: ContractFacts; footerReason?: string },
): { subject: string; html: string; text: string } {
  const rows = factRows(p.contract);
  const footer = `Contract ${p.contract.contractId} · revision ${p.contract.revision}. ${p.footerReason ?? 'You receive this because you submitted the contract.'}`;
  const body = mailLayout({
    title: parts.subject,
    preheader: parts.intro,
    body: html`<h1 style="font-size:20px;margin:0 0 8px">${parts.heading}</h1>\
<p style="margin:0 0 8px">Hello ${p.recipient.name},</p><p style="margin:0 0 8px">${parts.intro}</p>\
${parts.sectionHtml}${factsHtml(rows)}`,
    footer,
  });
  const text = [`Hello ${p.recipient.name},`, '', parts.intro, '', ...(parts.sectionText ? [parts.sectionText, ''] : []), 'The contract', factsText(rows), '', '-- ', footer, ''].join('\n');
  return { subject: parts.subject, html: body.toString(), text };
}
