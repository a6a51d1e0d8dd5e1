// The final contract document as PDF, end to end: a contract with a Chinese customer name and a
// Chinese clause is approved through the real API and workflow, and GET .../document.pdf serves a
// PDF whose extracted text carries both (real glyphs, real text); a second store for the revision
// changes nothing.
import { createHash } from 'node:crypto';
import type { TestStack } from '../support/stack';
import { aContract, CUSTOMERS, STANDARD_CLAUSES } from '../factories/contract.factory';
import { type Api, decide, settled, submit, token } from '../support/contracts';
import { ContractDocumentPdfRepository } from '../../src/contracts/contract-document-pdf.repository';
import { pdfText } from './pdf-text';
import { withApiStack } from '../support/api-stack';

jest.setTimeout(180_000);

let stack: TestStack;
let api: Api;

withApiStack({}, (running) => ({ stack, api } = running));

async function approveAll(id: string): Promise<any> {
  for (let wave = 0; wave < 10; wave++) {
    const c = await settled(api, id, stack);
    if (c.status !== 'in_review') return c;
    for (const t of c.openTasks) expect((await decide(api, stack, t.id, t.assignee.id, 'approve')).status).toBe(200);
  }
  throw new Error('too many waves');
}

const get = (path: string, as = 'alice') => fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${token(as)}` } });

const CHINESE_NAME = '上海港湾物流有限公司';
const CHINESE_CONFIDENTIALITY = '双方应对另一方的保密信息保密，仅为履行本协议而使用。本义务在协议终止后继续有效三年。';

test('an approved contract with a Chinese customer name has a PDF whose text carries the name and the clause', async () => {
  const submission = aContract({
    customer: { name: CHINESE_NAME, registrationNumber: CUSTOMERS.good.registrationNumber, country: 'CN' },
    clauses: STANDARD_CLAUSES.map((c) => (c.key === 'confidentiality' ? { key: c.key, text: CHINESE_CONFIDENTIALITY } : c)),
  });
  const id = await submit(api, submission);
  // Before approval there is no document: 404, like the HTML.
  expect((await get(`/api/contracts/${id}/document.pdf`)).status).toBe(404);

  const contract = await approveAll(id);
  expect(contract.status).toBe('approved');
  expect(contract.document.pdfUrl).toBe(`/api/contracts/${id}/document.pdf`);

  const res = await get(contract.document.pdfUrl);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const pdf = Buffer.from(await res.arrayBuffer());
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(res.headers.get('etag')).toBe(`"${createHash('sha256').update(pdf).digest('hex')}"`);
  const text = await pdfText(pdf);
  // Text wraps at the page width (and Chinese wraps between any two characters): compare without line breaks.
  const unwrapped = text.replace(/\s+/g, '');
  expect(unwrapped).toContain(CHINESE_NAME);
  expect(unwrapped).toContain(CHINESE_CONFIDENTIALITY);
  expect(text).toContain('Approval record');
  // Another rep may not see it: 404, which does not reveal that it exists.
  expect((await get(contract.document.pdfUrl, 'bob')).status).toBe(404);

  // A second store for the revision (a retried activity) keeps the first PDF.
  const revision: number = contract.document.revision;
  const pdfs = new ContractDocumentPdfRepository(stack.db);
  expect(await pdfs.hasPdf(id, revision)).toBe(true);
  await pdfs.storePdf({ contractId: id, revision, pdf: Buffer.from('%PDF-other'), sha256: 'other' });
  expect(Buffer.from(await (await get(`/api/contracts/${id}/document.pdf`)).arrayBuffer()).equals(pdf)).toBe(true);
});

test('no such contract is a 404', async () => {
  expect((await get(`/api/contracts/00000000-0000-4000-8000-000000000000/document.pdf`)).status).toBe(404);
  expect((await get(`/api/contracts/not-a-uuid/document.pdf`)).status).toBe(404);
});
