// The demo standard clause library: what the seed loads, what the demo contracts quote, and
// what tests validate against. Texts are deliberately short but read like real clauses.
import type { ClauseLibrary, ContractClause } from '../contract/contract.types';

export const DEMO_CLAUSE_LIBRARY: ClauseLibrary = {
  version: 'clauses-2026.1',
  clauses: [
    {
      key: 'liability',
      title: 'Limitation of liability',
      standardText:
        "Each party's total liability arising out of or in connection with this Agreement is limited to the fees paid or payable under it in the twelve months before the claim. Neither party is liable for indirect or consequential loss.",
      mandatory: true,
    },
    {
      key: 'payment',
      title: 'Payment',
      standardText:
        'The Customer shall pay each invoice in full within the payment term stated in the order, by bank transfer to the account named on the invoice. Overdue amounts bear interest at 0.05% per day.',
      mandatory: true,
    },
    {
      key: 'termination',
      title: 'Termination',
      standardText:
        'Either party may terminate this Agreement by written notice if the other party materially breaches it and does not remedy the breach within thirty days of being notified. Fees for goods and services already delivered remain payable.',
      mandatory: true,
    },
    {
      key: 'governing_law',
      title: 'Governing law',
      standardText: "This Agreement is governed by the laws of the People's Republic of China.",
      mandatory: true,
    },
    {
      key: 'confidentiality',
      title: 'Confidentiality',
      standardText:
        "Each party shall keep the other party's confidential information secret and use it only to perform this Agreement. This obligation continues for three years after the Agreement ends.",
      mandatory: true,
    },
    {
      key: 'data_protection',
      title: 'Data protection',
      standardText:
        'Each party shall process personal data received under this Agreement only as needed to perform it and in accordance with applicable data protection law, including the Personal Information Protection Law. Personal data is not transferred abroad without the data subject’s separate consent.',
      mandatory: false,
    },
    {
      key: 'ip',
      title: 'Intellectual property',
      standardText:
        'Each party keeps its pre-existing intellectual property. The Customer receives a non-exclusive, non-transferable licence to use the deliverables for its internal business purposes.',
      mandatory: false,
    },
    {
      key: 'renewal',
      title: 'Renewal',
      standardText:
        'This Agreement ends at the end of its term. Any renewal requires a new order signed by both parties.',
      mandatory: false,
    },
  ],
  approvedGoverningLaws: ["People's Republic of China", 'Hong Kong SAR', 'Singapore'],
  forbiddenTerms: [
    {
      id: 'unlimited_liability',
      phrases: ['unlimited liability'],
      description: 'liability must be capped',
    },
    {
      id: 'auto_renewal',
      phrases: ['automatically renew', 'auto-renew', 'automatic renewal'],
      description: 'renewals need a new signed order',
    },
  ],
};

/** A clause of the demo library, worded exactly as its standard text. */
export function standardClause(key: string): ContractClause {
  const clause = DEMO_CLAUSE_LIBRARY.clauses.find((c) => c.key === key);
  if (!clause) throw new Error(`No standard clause ${key}`);
  return { key, text: clause.standardText };
}

/** Every mandatory clause of the demo library, in standard wording: what a routine contract carries. */
export const STANDARD_CLAUSES: readonly ContractClause[] = DEMO_CLAUSE_LIBRARY.clauses.filter((c) => c.mandatory).map((c) => standardClause(c.key));
