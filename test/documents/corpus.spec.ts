// The RPA defect corpus: deterministic for a seed, every defect kind and clean contracts present in
// both languages and formats, and each defect really in the draft (ground truth) it labels.
import { DEMO_PRODUCTS } from '../../src/domain/contract/catalogue.data';
import { isValidUscc } from '../../src/domain/customer/uscc';
import { DEMO_CLAUSE_LIBRARY } from '../../src/domain/rules/clause-library.data';
import { DEFECT_KINDS, generateCorpus } from '../../tools/documents/corpus';

const corpus = generateCorpus({ seed: 7, contracts: 200 });
const linesTotal = (d: { lines: { quantity: number; unitPrice: number }[] }) => Math.round(d.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) * 100) / 100;
const catalogueTax = new Map(DEMO_PRODUCTS.map((p) => [p.sku, p.taxRatePercent]));
const mandatory = DEMO_CLAUSE_LIBRARY.clauses.filter((c) => c.mandatory).map((c) => c.key);

test('the same seed gives the same corpus; another seed another', () => {
  expect(generateCorpus({ seed: 7, contracts: 200 })).toEqual(corpus);
  expect(generateCorpus({ seed: 8, contracts: 200 }).documents.map((d) => d.draft)).not.toEqual(corpus.documents.map((d) => d.draft));
});

test('every kind and clean contracts, in both languages and both formats', () => {
  expect(corpus.documents).toHaveLength(200);
  for (const kind of [...DEFECT_KINDS, null]) expect(corpus.documents.filter((d) => d.defect === kind).length).toBeGreaterThanOrEqual(15);
  for (const lang of ['en', 'zh-CN']) for (const format of ['docx', 'pdf']) expect(corpus.documents.some((d) => d.lang === lang && d.format === format)).toBe(true);
});

test('clean contracts are consistent; each defect is in the draft it labels', () => {
  for (const d of corpus.documents) {
    const { draft } = d;
    const codeValid = isValidUscc(draft.customer.registrationNumber);
    const totalRight = Math.abs(draft.amount - linesTotal(draft)) < 0.005;
    const taxRight = draft.lines.every((l) => catalogueTax.get(l.sku) === l.taxRatePercent);
    const allMandatory = mandatory.every((k) => draft.clauses.some((c) => c.key === k));
    expect({ id: d.id, codeValid }).toEqual({ id: d.id, codeValid: d.defect !== 'invalid_registration_code' });
    expect({ id: d.id, totalRight }).toEqual({ id: d.id, totalRight: d.defect !== 'wrong_total' });
    expect({ id: d.id, taxRight }).toEqual({ id: d.id, taxRight: d.defect !== 'wrong_tax_rate' });
    expect({ id: d.id, allMandatory }).toEqual({ id: d.id, allMandatory: d.defect !== 'missing_mandatory_clause' });
    if (d.defect === 'duplicate_customer') expect(corpus.registry.some((c) => c.registrationNumber === draft.customer.registrationNumber)).toBe(false);
    if (d.defect === 'denied_party_alias') expect(corpus.deniedParties.some((p) => d.detail.includes(`alias "${p.aliases.find((a) => d.detail.includes(a))}"`))).toBe(true);
    if (d.defect === 'forbidden_term') expect(draft.clauses.map((c) => c.text).join(' ')).toMatch(/unlimited liability|renews automatically|无限责任|自动续约/);
  }
});
