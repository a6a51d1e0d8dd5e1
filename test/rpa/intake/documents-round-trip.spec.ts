// Intake reads back what the document generator (tools/documents) writes: for many seeded layouts
// (label variants, field tables, amount styles incl. 万元, date and payment wordings, column orders,
// total rows, clause numbering), in English and Chinese, as DOCX and PDF, every field of the draft
// comes back equal and confident. Real files: mammoth and pdf-parse read them.
import type { ContractSubmission } from '../../../src/domain/contract/contract.types';
import { buildUscc } from '../../../src/domain/customer/uscc';
import { STANDARD_CLAUSES } from '../../../src/domain/rules/clause-library.data';
import { readContractDocument } from '../../../src/rpa/intake/read-contract-document';
import { writeContractDocx, writeContractPdf, type DocumentLang } from '../../../tools/documents/contract-document-writer';

const ZH_CLAUSES = [
  { key: 'liability', text: '各方因本协议引起或与本协议有关的全部责任，以索赔前十二个月内根据本协议已付或应付的费用为限。任何一方均不对间接损失或后果性损失承担责任。' },
  { key: 'payment', text: '客户应在订单规定的付款期限内，通过银行转账向发票载明的账户全额支付每张发票。逾期款项按每日0.05%计收利息。' },
  { key: 'governing_law', text: '本协议受中华人民共和国法律管辖。' },
  { key: 'confidentiality', text: '各方应对另一方的保密信息予以保密，并仅为履行本协议而使用。本义务在本协议终止后持续三年。' },
];

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

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const CASES = (['en', 'zh-CN'] as const).flatMap((lang) => (['docx', 'pdf'] as const).flatMap((format) => SEEDS.map((seed) => [lang, format, seed] as const)));

describe('intake reads generated customer contracts', () => {
  it.each(CASES)('%s %s, layout %d', async (lang, format, layoutSeed) => {
    const draft = sampleDraft(lang);
    const file = format === 'docx' ? await writeContractDocx(draft, { lang, layoutSeed }) : await writeContractPdf(draft, { lang, layoutSeed });
    const result = await readContractDocument(file);
    expect(result.draft).toEqual(draft);
    for (const [field, confidence] of Object.entries(result.confidence)) {
      // Country is inferred from the USCC when the layout leaves it out (0.85); personal data is stated here.
      expect([field, confidence]).toEqual([field, expect.any(Number)]);
      expect(confidence).toBeGreaterThanOrEqual(0.8);
    }
    expect(result.warnings).toEqual([]);
  });

  const foreign: ContractSubmission = {
    ...sampleDraft('en'),
    customer: { name: 'Rheinland Maschinenbau GmbH', registrationNumber: 'HRB-123456', country: 'DE' },
    currency: 'USD',
    amount: 12_345.67,
    lines: [{ sku: 'GL-SUP-PRM', quantity: 1, unitPrice: 12_345.67, taxRatePercent: 0 }],
    personalData: false,
  };
  it.each((['docx', 'pdf'] as const).flatMap((format) => [3, 7, 11, 19].map((seed) => [format, seed] as const)))('a foreign customer in USD with cents, %s layout %d', async (format, layoutSeed) => {
    const file = format === 'docx' ? await writeContractDocx(foreign, { lang: 'en', layoutSeed }) : await writeContractPdf(foreign, { lang: 'en', layoutSeed });
    const result = await readContractDocument(file);
    const { personalData, ...rest } = result.draft;
    const { personalData: expectedPersonalData, ...expected } = foreign;
    expect(rest).toEqual(expected);
    // Personal data "no" may be left out of a document: then it is false with low confidence.
    expect(personalData).toBe(expectedPersonalData);
    expect(Math.min(...Object.entries(result.confidence).filter(([f]) => f !== 'personalData').map(([, c]) => c))).toBeGreaterThanOrEqual(0.8);
  });
});
