// Made-up props for every template: what `npm run email:preview` renders and the unit tests read.
import { DEMO_CLAUSE_LIBRARY } from '../../domain/rules/clause-library.data';
import type { ContractFacts, HumanReason, TaskMailBase } from './mail.props';

const liability = DEMO_CLAUSE_LIBRARY.clauses.find((c) => c.key === 'liability')!;
const changedLiability =
  "Each party's total liability arising out of or in connection with this Agreement is unlimited liability for data breaches and otherwise limited to the fees paid in the twelve months before the claim.";

export const SAMPLE_CONTRACT: ContractFacts = {
  contractId: '7d0c9a52-6f1e-4a8e-9a51-3f0b7a2c1e11',
  title: 'Harbour licences 2027 <renewal & expansion>',
  revision: 1,
  customerName: 'Shanghai Harbour Logistics Co., Ltd.',
  customerCountry: 'CN',
  currency: 'CNY',
  amount: 190_000,
  listTotal: 200_000,
  discountPercent: 5,
  paymentTermsDays: 30,
  requestedDeliveryDate: '2027-01-22',
  submitterName: 'Alice Chen',
};

export const SAMPLE_WHY: HumanReason = {
  stepName: 'Legal review',
  ruleId: 'legal_review.no_deviations',
  reason:
    "2 clause deviations: Limitation of liability clause differs from the standard text; Limitation of liability clause contains 'unlimited liability' (liability must be capped)",
  problems: [
    'Limitation of liability clause differs from the standard text',
    "Limitation of liability clause contains 'unlimited liability' (liability must be capped)",
  ],
  deviations: [
    {
      clauseKey: 'liability',
      clauseTitle: liability.title,
      kind: 'text_changed',
      detail: 'Limitation of liability clause differs from the standard text',
      standardText: liability.standardText,
      actualText: changedLiability,
    },
    {
      clauseKey: 'liability',
      clauseTitle: liability.title,
      kind: 'forbidden_term',
      detail: "Limitation of liability clause contains 'unlimited liability' (liability must be capped)",
      standardText: liability.standardText,
      actualText: changedLiability,
    },
  ],
  routingNote: null,
};

export const SAMPLE_TASK: TaskMailBase = {
  recipient: { name: 'Lena Fischer', timeZone: 'Europe/Berlin' },
  contract: SAMPLE_CONTRACT,
  why: SAMPLE_WHY,
  dueAt: '2026-11-24T09:00:00.000Z',
  link: { url: 'https://greenlight.example.com/tasks/act/Q2hhbmdlLW1lLXRoaXMtaXMtYS1zYW1wbGUtdG9rZW4x', expiresAt: '2026-11-30T09:00:00.000Z' },
  appUrl: 'https://greenlight.example.com/tasks/3f2a9c4e-8b1d-4f6a-9e2c-5d7b1a0c6e21',
};

export const SAMPLE_REP = { recipient: { name: 'Alice Chen', timeZone: 'Asia/Shanghai' }, contract: SAMPLE_CONTRACT, at: '2026-11-25T06:30:00.000Z' };
