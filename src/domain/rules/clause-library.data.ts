// The demo standard clause library: what the seed loads, what the demo contracts quote, and
// what tests validate against. Texts are deliberately short but read like real clauses. Each
// clause has an English and a Chinese standard text (clauses-2026.2); a new version here is
// upserted by the seed (src/database/seed/seed.ts), which runs with every migrate.
import type { ClauseLibrary, ContractClause } from '../contract/contract.types';

export const DEMO_CLAUSE_LIBRARY: ClauseLibrary = {
  version: 'clauses-2026.2',
  clauses: [
    {
      key: 'liability',
      title: 'Limitation of liability',
      standardText:
        "Each party's total liability arising out of or in connection with this Agreement is limited to the fees paid or payable under it in the twelve months before the claim. Neither party is liable for indirect or consequential loss.",
      standardTextZh: '各方因本协议引起或与本协议有关的全部责任，以索赔前十二个月内根据本协议已付或应付的费用为限。任何一方均不对间接损失或后果性损失承担责任。',
      mandatory: true,
    },
    {
      key: 'payment',
      title: 'Payment',
      standardText:
        'The Customer shall pay each invoice in full within the payment term stated in the order, by bank transfer to the account named on the invoice. Overdue amounts bear interest at 0.05% per day.',
      standardTextZh: '客户应在订单规定的付款期限内，通过银行转账向发票载明的账户全额支付每张发票。逾期款项按每日0.05%计收利息。',
      mandatory: true,
    },
    {
      key: 'termination',
      title: 'Termination',
      standardText:
        'Either party may terminate this Agreement by written notice if the other party materially breaches it and does not remedy the breach within thirty days of being notified. Fees for goods and services already delivered remain payable.',
      standardTextZh: '如一方严重违反本协议，且在收到通知后三十日内未予纠正，另一方可书面通知终止本协议。已交付的货物和服务的费用仍应支付。',
      mandatory: true,
    },
    {
      key: 'governing_law',
      title: 'Governing law',
      standardText: "This Agreement is governed by the laws of the People's Republic of China.",
      standardTextZh: '本协议受中华人民共和国法律管辖。',
      mandatory: true,
    },
    {
      key: 'confidentiality',
      title: 'Confidentiality',
      standardText:
        "Each party shall keep the other party's confidential information secret and use it only to perform this Agreement. This obligation continues for three years after the Agreement ends.",
      standardTextZh: '各方应对另一方的保密信息予以保密，并仅为履行本协议而使用。本义务在本协议终止后持续三年。',
      mandatory: true,
    },
    {
      key: 'data_protection',
      title: 'Data protection',
      standardText:
        'Each party shall process personal data received under this Agreement only as needed to perform it and in accordance with applicable data protection law, including the Personal Information Protection Law. Personal data is not transferred abroad without the data subject’s separate consent.',
      standardTextZh: '各方仅在履行本协议所需的范围内，并依照适用的数据保护法律（包括《个人信息保护法》）处理根据本协议收到的个人信息。未经个人单独同意，个人信息不得向境外传输。',
      mandatory: false,
    },
    {
      key: 'ip',
      title: 'Intellectual property',
      standardText:
        'Each party keeps its pre-existing intellectual property. The Customer receives a non-exclusive, non-transferable licence to use the deliverables for its internal business purposes.',
      standardTextZh: '各方保留其既有的知识产权。客户获得为其内部业务目的使用交付成果的非独占、不可转让的许可。',
      mandatory: false,
    },
    {
      key: 'renewal',
      title: 'Renewal',
      standardText:
        'This Agreement ends at the end of its term. Any renewal requires a new order signed by both parties.',
      standardTextZh: '本协议于期限届满时终止。任何续约均须由双方签署新的订单。',
      mandatory: false,
    },
  ],
  approvedGoverningLaws: ["People's Republic of China", 'Hong Kong SAR', 'Singapore', '中华人民共和国', '香港特别行政区', '新加坡'],
  // Matched case- and width-insensitively; by meaning, also whatever the spacing and punctuation.
  forbiddenTerms: [
    {
      id: 'unlimited_liability',
      phrases: ['unlimited liability', 'uncapped liability', 'liability is unlimited', '无限责任', '无限连带责任', '无上限责任', '责任无上限'],
      description: 'liability must be capped',
    },
    {
      id: 'auto_renewal',
      phrases: [
        'automatically renew',
        'auto-renew',
        'automatic renewal',
        'renews automatically',
        'renew automatically',
        'renewed automatically',
        '自动续约',
        '自动续期',
        '自动续订',
        '自动续签',
        '自动延期',
      ],
      description: 'renewals need a new signed order',
    },
  ],
  // Interchangeable in the library's own texts: swapping one for another of its group is cosmetic.
  // Words that change who must do what (shall / may / must) are deliberately not here.
  synonyms: {
    en: [
      ['shall', 'will'],
      ['agreement', 'contract'],
      ['licence', 'license'],
      ['in accordance with', 'according to'],
    ],
    zh: [
      ['协议', '合同'],
      ['应当', '应'],
      ['必须', '须'],
    ],
  },
};

/** A clause of the demo library, worded exactly as its standard text. */
export function standardClause(key: string): ContractClause {
  const clause = DEMO_CLAUSE_LIBRARY.clauses.find((c) => c.key === key);
  if (!clause) throw new Error(`No standard clause ${key}`);
  return { key, text: clause.standardText };
}

/** Every mandatory clause of the demo library, in standard wording: what a routine contract carries. */
export const STANDARD_CLAUSES: readonly ContractClause[] = DEMO_CLAUSE_LIBRARY.clauses.filter((c) => c.mandatory).map((c) => standardClause(c.key));
