import { DEMO_CLAUSE_LIBRARY } from '../domain/rules/clause-library.data';
import type { ContractSubmission } from '../domain/contract/contract.types';
import { renderContractDocument } from './contract-document.template';

describe('contract document', () => {
  it('escapes an interpolated <script> in every field', () => {
    const x = '<script>alert(1)</script>';
    const submission = {
      customer: { name: x, registrationNumber: x, country: x },
      currency: 'CNY',
      amount: 20,
      paymentTermsDays: 30,
      requestedDeliveryDate: x,
      personalData: false,
      lines: [{ sku: x, quantity: 2, unitPrice: 10, taxRatePercent: 13 }],
      clauses: [{ key: x, text: x }],
    } as unknown as ContractSubmission;
    const doc = renderContractDocument({
      contractId: x,
      revision: 1,
      title: x,
      submission,
      submitterName: x,
      policyVersion: x,
      clauseLibrary: DEMO_CLAUSE_LIBRARY,
      steps: [{ number: 1, name: x, status: x, reason: x }],
      generatedAt: x,
    });
    expect(doc).not.toMatch(/<script/i);
    expect(doc.split('&lt;script&gt;alert(1)&lt;/script&gt;').length - 1).toBe(16);
    expect(doc).toContain('<td class="n">CNY 20.00</td>');
  });
});
