// The contract the intake tests write into documents (tools/documents) and expect to read back.
import type { ContractSubmission } from '../../../src/domain/contract/contract.types';
import { buildUscc } from '../../../src/domain/customer/uscc';
import { STANDARD_CLAUSES } from '../../../src/domain/rules/clause-library.data';
import type { DocumentLang } from '../../../tools/documents/contract-document-writer';

const ZH_CLAUSES = [
  { key: 'liability', text: '各方因本协议引起或与本协议有关的全部责任，以索赔前十二个月内根据本协议已付或应付的费用为限。任何一方均不对间接损失或后果性损失承担责任。' },
  { key: 'payment', text: '客户应在订单规定的付款期限内，通过银行转账向发票载明的账户全额支付每张发票。逾期款项按每日0.05%计收利息。' },
  { key: 'governing_law', text: '本协议受中华人民共和国法律管辖。' },
  { key: 'confidentiality', text: '各方应对另一方的保密信息予以保密，并仅为履行本协议而使用。本义务在本协议终止后持续三年。' },
];

/** Two lines that add up to the amount, a valid USCC, personal data yes, clauses in the document's language. */
export function sampleDraft(lang: DocumentLang): ContractSubmission {
  const zh = lang === 'zh-CN';
  return {
    title: zh ? '上海港湾物流 2027 年度许可' : 'Harbour licences 2027',
    customer: {
      name: zh ? '上海港湾物流有限公司' : 'Shanghai Harbour Logistics Co., Ltd.',
      registrationNumber: buildUscc({ authorityAndCategory: '91', division: '310000', organisationBody: 'MA1FL000' }),
      country: 'CN',
    },
    currency: 'CNY',
    amount: 247_000,
    paymentTermsDays: 45,
    requestedDeliveryDate: '2027-01-15',
    personalData: true,
    lines: [
      { sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 6 },
      { sku: 'GL-SVC-IMP', quantity: 30, unitPrice: 1_900, taxRatePercent: 6 },
    ],
    clauses: zh ? ZH_CLAUSES : STANDARD_CLAUSES.map((c) => ({ key: c.key, text: c.text })),
  };
}
