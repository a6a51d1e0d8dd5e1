// The customer-contract writer (tools/documents): both formats in both languages are files a
// real reader opens (mammoth for DOCX, pdf-parse for PDF) and carry the draft's fields under the
// labels agreed with intake (doc-spec), with Chinese as real text.
import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';
import type { ContractSubmission } from '../../src/domain/contract/contract.types';
import { layoutOf, writeContractDocx, writeContractPdf } from '../../tools/documents/contract-document-writer';
import { LABEL_VARIANTS } from '../../tools/documents/document-layout';
import { installPdfjsWorkerForJest } from './pdfjs-worker';

installPdfjsWorkerForJest();

const zhDraft: ContractSubmission = {
  title: '港湾物流软件许可2027',
  customer: { name: '上海港湾物流有限公司', registrationNumber: '91310000MA1FL0001X', country: 'CN' },
  currency: 'CNY',
  amount: 190_000,
  paymentTermsDays: 30,
  requestedDeliveryDate: '2027-01-15',
  personalData: true,
  lines: [{ sku: 'GL-LIC-STD', quantity: 20, unitPrice: 9_500, taxRatePercent: 6 }],
  clauses: [
    { key: 'liability', text: '任何一方因本协议引起的或与本协议有关的责任总额，以索赔前十二个月内根据本协议已付或应付的费用为限。' },
    { key: 'payment', text: '客户应在订单规定的付款期限内，通过银行转账全额支付每张发票。' },
  ],
};
const enDraft: ContractSubmission = {
  ...zhDraft,
  title: 'Harbour licences 2027',
  customer: { name: 'Shanghai Harbour Logistics Co., Ltd.', registrationNumber: '91310000MA1FL0001X', country: 'CN' },
  clauses: [
    { key: 'liability', text: "Each party's total liability is limited to the fees paid in the twelve months before the claim." },
    { key: 'payment', text: 'The Customer shall pay each invoice in full within the payment term stated in the order.' },
  ],
};

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const cases = [
  { lang: 'en' as const, draft: enDraft },
  { lang: 'zh-CN' as const, draft: zhDraft },
];

describe('contract document writer', () => {
  describe.each(cases)('$lang', ({ lang, draft }) => {
    it.each([1, 2, 3, 4])('writes a DOCX that mammoth opens, with the chosen labels and the values (layout %i)', async (layoutSeed) => {
      const docx = await writeContractDocx(draft, { lang, layoutSeed });
      expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
      const text = (await mammoth.extractRawText({ buffer: docx })).value;
      const labels = layoutOf({ lang, layoutSeed }).labels;
      for (const label of [labels.title, labels.customer, labels.registration, labels.amount, labels.paymentTerms, labels.delivery]) expect(text).toContain(label);
      expect(text).toContain(draft.title);
      expect(text).toContain(draft.customer.name);
      expect(text).toContain(draft.customer.registrationNumber);
      expect(text).toContain('GL-LIC-STD');
      expect(text).toContain(draft.clauses[0].text);
      // The price schedule is a real table, not tab-separated text.
      const html = (await mammoth.convertToHtml({ buffer: docx })).value;
      expect(html).toMatch(/<table>[\s\S]*GL-LIC-STD[\s\S]*<\/table>/);
    });

    it.each([1, 2, 3, 4])('writes a PDF whose text pdf-parse extracts (layout %i)', async (layoutSeed) => {
      const pdf = await writeContractPdf(draft, { lang, layoutSeed });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = await pdfText(pdf);
      const labels = layoutOf({ lang, layoutSeed }).labels;
      expect(text).toContain(labels.customer);
      expect(text).toContain(labels.registration);
      expect(text).toContain(draft.title);
      expect(text).toContain(draft.customer.name);
      expect(text).toContain(draft.customer.registrationNumber);
      expect(text).toContain('GL-LIC-STD');
    });
  });

  it('the same draft and options give the same PDF bytes', async () => {
    const a = await writeContractPdf(zhDraft, { lang: 'zh-CN', layoutSeed: 7 });
    const b = await writeContractPdf(zhDraft, { lang: 'zh-CN', layoutSeed: 7 });
    expect(a.equals(b)).toBe(true);
  });

  it('layouts vary with the seed and stay within the agreed label variants', () => {
    const layouts = Array.from({ length: 40 }, (_, seed) => layoutOf({ lang: 'zh-CN', layoutSeed: seed }));
    expect(new Set(layouts.map((l) => l.labels.customer)).size).toBeGreaterThan(1);
    expect(new Set(layouts.map((l) => l.fieldsAsTable)).size).toBe(2);
    for (const l of layouts) expect(LABEL_VARIANTS['zh-CN'].customer).toContain(l.labels.customer);
  });
});
