// The final document's PDF renderer: same props, same bytes (pdfkit's date comes from the
// revision, not the clock), and Chinese text is real text in the file.
import { renderContractDocumentPdf, type ContractDocumentPdfProps } from '../../src/contracts/contract-document-pdf';
import { DEMO_CLAUSE_LIBRARY } from '../../src/domain/rules/clause-library.data';
import { aContract } from '../factories/contract.factory';
import { pdfText } from './pdf-text';

const props = (): ContractDocumentPdfProps => ({
  contractId: '6f1c1f0e-8d43-4f3c-9a4e-0d6b1c2a3b4c',
  revision: 2,
  title: '港湾物流软件许可',
  submission: aContract({ customer: { name: '上海港湾物流有限公司', registrationNumber: '91310000MA1FL0007C', country: 'CN' } }, new Date('2026-11-30T00:00:00Z')),
  submitterName: 'Alice Chen',
  policyVersion: 'slim-2026.12.1',
  clauseLibrary: DEMO_CLAUSE_LIBRARY,
  steps: Array.from({ length: 15 }, (_, i) => ({ number: i + 1, name: `Step ${i + 1}`, status: 'auto_approved', reason: 'Within policy: '.repeat(1 + (i % 4)) })),
  issuedAt: new Date('2026-11-30T08:00:00Z'),
});

test('the same revision renders the same bytes', async () => {
  const [a, b] = [await renderContractDocumentPdf(props()), await renderContractDocumentPdf(props())];
  expect(a.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(a.equals(b)).toBe(true);
  const later = await renderContractDocumentPdf({ ...props(), issuedAt: new Date('2026-12-01T08:00:00Z') });
  expect(later.equals(a)).toBe(false);
});

test('Chinese title and customer name, the lines, the clauses and every step are text in the PDF', async () => {
  const p = props();
  const text = await pdfText(await renderContractDocumentPdf(p));
  const unwrapped = text.replace(/\s+/g, '');
  expect(unwrapped).toContain('港湾物流软件许可');
  expect(unwrapped).toContain('上海港湾物流有限公司');
  expect(text).toContain('GL-LIC-STD');
  expect(text).toContain('CNY 190,000.00');
  for (const c of DEMO_CLAUSE_LIBRARY.clauses.filter((x) => p.submission.clauses.some((s) => s.key === x.key))) expect(text).toContain(c.title);
  expect(text).toContain('Step 15');
});
