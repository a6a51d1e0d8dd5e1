// The final contract document (contract_generation): a self-contained HTML page rendered from
// the approved data and clauses. Pure: the same props always give the same bytes.
import type { ClauseLibrary, ContractSubmission } from '../domain/contract/contract.types';
import { html } from '../common/html';
import { formatAmount } from '../domain/rules/format';

export interface ContractDocumentProps {
  contractId: string;
  revision: number;
  title: string;
  submission: ContractSubmission;
  submitterName: string;
  policyVersion: string;
  clauseLibrary: ClauseLibrary;
  steps: { number: number; name: string; status: string; reason: string }[];
  generatedAt: string;
}

export function renderContractDocument(p: ContractDocumentProps): string {
  const s = p.submission;
  const titles = new Map(p.clauseLibrary.clauses.map((c) => [c.key, c.title]));
  const lines = s.lines.map(
    (l, i) =>
      html`<tr><td>${i + 1}</td><td>${l.sku}</td><td class="n">${l.quantity}</td><td class="n">${formatAmount(l.unitPrice, s.currency)}</td><td class="n">${l.taxRatePercent}%</td><td class="n">${formatAmount(l.quantity * l.unitPrice, s.currency)}</td></tr>`,
  );
  const clauses = s.clauses.map((c, i) => html`<section><h3>${i + 1}. ${titles.get(c.key) ?? c.key}</h3><p>${c.text}</p></section>`);
  const approvals = p.steps.map((st) => html`<tr><td>${st.number}</td><td>${st.name}</td><td>${st.status}</td><td>${st.reason}</td></tr>`);
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${p.title}</title>
<style>body{font-family:Georgia,serif;max-width:52rem;margin:2rem auto;color:#222}table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.3rem .5rem;text-align:left}.n{text-align:right}footer{margin-top:2rem;font-size:.8rem;color:#666}</style>
</head><body>
<h1>${p.title}</h1>
<p>Contract ${p.contractId}, revision ${p.revision}. Between Greenlight Software Ltd. and <strong>${s.customer.name}</strong> (registration ${s.customer.registrationNumber}, ${s.customer.country}).</p>
<h2>Commercial terms</h2>
<table><thead><tr><th>#</th><th>SKU</th><th>Qty</th><th>Unit price</th><th>Tax</th><th>Line total</th></tr></thead><tbody>${lines}</tbody></table>
<p>Total: <strong>${formatAmount(s.amount, s.currency)}</strong>. Payment terms: ${s.paymentTermsDays} days. Requested delivery: ${s.requestedDeliveryDate}. Personal data processed: ${s.personalData ? 'yes' : 'no'}.</p>
<h2>Clauses</h2>${clauses}
<h2>Approval record</h2>
<table><thead><tr><th>#</th><th>Step</th><th>Outcome</th><th>Reason</th></tr></thead><tbody>${approvals}</tbody></table>
<footer>Prepared by ${p.submitterName}. Approved under policy ${p.policyVersion}. Generated ${p.generatedAt}.</footer>
</body></html>`.toString();
}
