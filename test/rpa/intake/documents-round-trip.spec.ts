// Intake reads back what the document generator (tools/documents) writes: for many seeded layouts
// (label variants, field tables, amount styles incl. 万元, date and payment wordings, column orders,
// total rows, clause numbering), in English and Chinese, as DOCX and PDF, every field of the draft
// comes back equal and confident. Real files: mammoth and pdf-parse read them.
import type { ContractSubmission } from '../../../src/domain/contract/contract.types';
import { readContractDocument } from '../../../src/rpa/intake/read-contract-document';
import { writeContractDocx, writeContractPdf } from '../../../tools/documents/contract-document-writer';
import { sampleDraft } from './sample-draft';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const CASES = (['en', 'zh-CN'] as const).flatMap((lang) => (['docx', 'pdf'] as const).flatMap((format) => SEEDS.map((seed) => [lang, format, seed] as const)));

describe('intake reads generated customer contracts', () => {
  it.each(CASES)('%s %s, layout %d', async (lang, format, layoutSeed) => {
    const draft = sampleDraft(lang);
    const file = format === 'docx' ? await writeContractDocx(draft, { lang, layoutSeed }) : await writeContractPdf(draft, { lang, layoutSeed });
    const result = await readContractDocument(file);
    expect(result.draft).toEqual(draft);
    // Every field confident (country, when the layout leaves it out, is inferred from the valid USCC: 0.85).
    expect(Object.entries(result.confidence).filter(([, confidence]) => confidence < 0.8)).toEqual([]);
    expect(Object.keys(result.confidence)).toEqual(expect.arrayContaining(['title', 'customer.name', 'amount', 'lines', 'clauses', 'clauses.liability']));
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
