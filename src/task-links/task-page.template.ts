// The pages behind an e-mailed task link: the decision page (summary and a form with no script
// at all, so a scanner that loads it, even in a headless browser, decides nothing) and the
// outcome pages (recorded, already decided, refused). Pure functions of typed props, in the
// viewer's language (the mails' catalogues, src/mail/templates/i18n; English by default).
import { html, raw, type SafeHtml } from '../common/html';
import type { Locale } from '../directory/locale';
import type { ContractFacts, HumanReason } from '../mail/templates/mail.props';
import { type Messages, messages } from '../mail/templates/i18n';
import { factRows, factsHtml, whyHtml } from '../mail/templates/partials';

export interface DecidedView {
  /** approve | reject | request_changes, or 'cancelled' for a task nobody decided. */
  decision: string;
  byName: string | null;
  at: string | null;
  comment: string | null;
}

export interface DecisionPageProps {
  viewer: { name: string; timeZone: string; locale?: Locale };
  /** Set when the viewer is an escalation manager deciding in the assignee's place. */
  onBehalfOf: string | null;
  contract: ContractFacts;
  why: HumanReason;
  dueAt: string | null;
  linkExpiresAt: string;
  csrf: string;
  /** Shown above the form when a previous submission was refused and may be corrected. */
  error?: string;
  comment?: string;
}

export interface OutcomePageProps {
  tone: 'ok' | 'warn' | 'error';
  heading: string;
  message: string;
  timeZone: string;
  /** The page's language; English when absent. */
  locale?: Locale;
  decided?: DecidedView | null;
  contract?: ContractFacts | null;
  stepName?: string | null;
}

const STYLE = `body{margin:0;font:15px/1.5 Arial,Helvetica,sans-serif;color:#1d2b22;background:#f2f4f3}
header{background:#1f6f43;color:#fff;padding:12px 24px;font-weight:bold}main{max-width:860px;margin:24px auto;background:#fff;border:1px solid #d5ddd8;padding:20px 28px}
h1{font-size:21px;margin:0 0 12px}code{font-size:13px}textarea{width:100%;box-sizing:border-box;font:inherit;padding:8px;border:1px solid #aab8b0}
.actions{display:flex;gap:12px;flex-wrap:wrap;margin:14px 0}button{font:inherit;font-weight:bold;padding:10px 20px;border-radius:4px;border:1px solid transparent;cursor:pointer}
.approve{background:#1f6f43;color:#fff}.changes{background:#fff4d6;border-color:#c99a06;color:#5c4700}.reject{background:#fde2e1;border-color:#b42318;color:#7a1a12}
.muted{color:#5f6f66;font-size:13px}.box{padding:10px 14px;border-radius:4px;margin:12px 0}.ok{background:#d9f2e1}.warn{background:#fff4d6}.error{background:#fde2e1}`;

const DECISIONS = ['approve', 'reject', 'request_changes', 'cancelled'];

export const decisionWord = (decision: string, m: Messages = messages('en')): string => (DECISIONS.includes(decision) ? m.t(`page.decisions.${decision}`) : decision);

function page(title: string, body: SafeHtml, lang: string): string {
  // STYLE is this file's constant: raw, since escaping would break CSS selectors such as `>`.
  return html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">\
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex,nofollow"><title>${title}</title><style>${raw(STYLE)}</style></head>\
<body><header>Greenlight</header><main>${body}</main></body></html>`.toString();
}

export function decidedSentence(d: DecidedView, timeZone: string, locale?: Locale): string {
  const m = messages(locale);
  const when = d.at ? m.t('page.on', { at: m.instant(d.at, timeZone) }) : '';
  if (d.decision === 'cancelled') return m.t('page.cancelled', { when, comment: d.comment ? m.t('page.cancelledComment', { comment: d.comment }) : '' });
  const by = d.byName ? m.t('page.by', { name: d.byName }) : '';
  const comment = d.comment ? m.t('page.decidedComment', { comment: d.comment }) : '';
  return m.t('page.decided', { word: decisionWord(d.decision, m), by, when, comment });
}

export function renderDecisionPage(p: DecisionPageProps): string {
  const m = messages(p.viewer.locale);
  const tz = p.viewer.timeZone;
  const deadline = p.dueAt ? m.instant(p.dueAt, tz) : m.t('task.noDeadline');
  const behalf = p.onBehalfOf ? m.t('page.onBehalf', { name: p.onBehalfOf }) : '';
  const error = p.error && html`<div class="box error" role="alert">${p.error}</div>`;
  // No action attribute: the form posts back to this page's own URL.
  const body = html`<h1>${p.why.stepName}: ${p.contract.title}</h1>\
<p>${m.tHtml('page.decidingAs', { name: html`<b>${p.viewer.name}</b>` })}${behalf}</p>\
${factsHtml(factRows(p.contract, m))}${whyHtml(p.why, m)}\
<p><b>${m.t('task.deadline')}</b> ${deadline}</p>\
${error}\
<form method="post"><input type="hidden" name="csrf" value="${p.csrf}">\
<label for="comment"><b>${m.t('page.comment')}</b> <span class="muted">${m.t('page.commentHint')}</span></label>\
<textarea id="comment" name="comment" rows="4" maxlength="4000">${p.comment}</textarea>\
<div class="actions"><button class="approve" type="submit" name="decision" value="approve">${m.t('page.approve')}</button>\
<button class="changes" type="submit" name="decision" value="request_changes">${m.t('page.requestChanges')}</button>\
<button class="reject" type="submit" name="decision" value="reject">${m.t('page.reject')}</button></div></form>\
<p class="muted">${m.t('page.footnote', { expires: m.instant(p.linkExpiresAt, tz) })}</p>`;
  return page(`${p.why.stepName}: ${p.contract.title}`, body, m.locale);
}

export function renderOutcomePage(p: OutcomePageProps): string {
  const m = messages(p.locale);
  const decided = p.decided && html`<div class="box ${p.decided.decision === 'approve' ? 'ok' : 'warn'}"><b>${decidedSentence(p.decided, p.timeZone, p.locale)}</b></div>`;
  const about = p.contract && html`<p class="muted">${m.tHtml('page.about', { step: p.stepName ?? m.t('page.task'), title: p.contract.title, customer: p.contract.customerName })}</p>`;
  const body = html`<h1>${p.heading}</h1><div class="box ${p.tone}">${p.message}</div>${decided}${about}`;
  return page(p.heading, body, m.locale);
}
