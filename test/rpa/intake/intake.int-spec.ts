// POST /api/contracts/intake through the real API: generated DOCX and PDF contracts in English
// and Chinese come back as drafts with their confidence (bearer token, and the web app's session
// cookie with its CSRF header); nothing is created; an invalid USCC is a warning, not a refusal;
// every bad upload is a 4xx naming `file` (no file, another type renamed .pdf, a ZIP that is not
// a Word document, too large, damaged, the wrong field name); only reps may use it.
import { http, startTestStack, type TestStack } from '../../support/stack';
import { token } from '../../support/contracts';
import { writeContractDocx, writeContractPdf } from '../../../tools/documents/contract-document-writer';
import { sampleDraft } from './sample-draft';

jest.setTimeout(120_000);

let stack: TestStack;
let api: ReturnType<typeof http>;

beforeAll(async () => {
  stack = await startTestStack({ api: true });
  api = http(stack.baseUrl!);
});

afterAll(async () => {
  await stack?.stop();
});

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function upload(file: Buffer | null, opts: { filename?: string; type?: string; as?: string; field?: string; headers?: Record<string, string> } = {}) {
  const form = new FormData();
  if (file) form.append(opts.field ?? 'file', new Blob([new Uint8Array(file)], { type: opts.type ?? 'application/octet-stream' }), opts.filename ?? 'contract.bin');
  const headers: Record<string, string> = opts.headers ?? { authorization: `Bearer ${token(opts.as ?? 'alice')}` };
  const res = await fetch(`${stack.baseUrl}/api/contracts/intake`, { method: 'POST', body: form, headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function signIn(username: string): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${stack.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: token(username) }) });
  expect(res.status).toBe(201);
  const body: any = await res.json();
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], csrfToken: body.csrfToken };
}

const lowConfidence = (confidence: Record<string, number>) => Object.entries(confidence).filter(([, c]) => c < 0.8);

test('an English DOCX (bearer token) comes back as the draft, every field confident, and nothing is created', async () => {
  const before = await api('GET', '/api/contracts?pageSize=100', { token: token('alice') });
  const draft = sampleDraft('en');
  const res = await upload(await writeContractDocx(draft, { lang: 'en', layoutSeed: 4 }), { filename: 'harbour.docx', type: DOCX_TYPE });
  expect(res.status).toBe(201);
  expect(res.body.draft).toEqual(draft);
  expect(lowConfidence(res.body.confidence)).toEqual([]);
  expect(res.body.confidence).toEqual(expect.objectContaining({ amount: 0.99, lines: expect.any(Number), 'clauses.liability': expect.any(Number) }));
  expect(res.body.warnings).toEqual([]);
  const after = await api('GET', '/api/contracts?pageSize=100', { token: token('alice') });
  expect(typeof before.body.total).toBe('number');
  expect(after.body.total).toBe(before.body.total);
});

test('a Chinese PDF through the web app session (cookie + X-CSRF-Token) comes back as the draft; without the CSRF header it is refused', async () => {
  const draft = sampleDraft('zh-CN');
  const pdf = await writeContractPdf(draft, { lang: 'zh-CN', layoutSeed: 7 });
  const session = await signIn('alice');
  const res = await upload(pdf, { filename: '合同.pdf', type: 'application/pdf', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
  expect(res.status).toBe(201);
  expect(res.body.draft).toEqual(draft);
  expect(lowConfidence(res.body.confidence)).toEqual([]);

  const noCsrf = await upload(pdf, { filename: '合同.pdf', type: 'application/pdf', headers: { cookie: session.cookie } });
  expect(noCsrf.status).toBe(403);
  expect(noCsrf.body.code).toBe('CSRF_TOKEN_INVALID');
});

test('an English PDF and a Chinese DOCX too, with 万元 and 年月日 where the layout writes them', async () => {
  for (const [lang, write, seed] of [['en', writeContractPdf, 2], ['zh-CN', writeContractDocx, 5]] as const) {
    const draft = sampleDraft(lang);
    const res = await upload(await write(draft, { lang, layoutSeed: seed }));
    expect(res.status).toBe(201);
    expect(res.body.draft).toEqual(draft);
  }
});

test('an invalid USCC in the document is a warning on customer.registrationNumber naming the rule, not a refusal', async () => {
  const draft = sampleDraft('en');
  const good = draft.customer.registrationNumber;
  const last = good[17] === '0' ? '1' : '0';
  const bad = { ...draft, customer: { ...draft.customer, registrationNumber: good.slice(0, 17) + last } };
  const res = await upload(await writeContractDocx(bad, { lang: 'en', layoutSeed: 1 }));
  expect(res.status).toBe(201);
  expect(res.body.draft.customer.registrationNumber).toBe(bad.customer.registrationNumber);
  expect(res.body.confidence['customer.registrationNumber']).toBeLessThan(0.8);
  expect(res.body.warnings).toContainEqual({ field: 'customer.registrationNumber', rule: 'invalid', message: expect.stringContaining('check character') });
});

describe('bad uploads are 4xx problems naming file', () => {
  const fileError = (body: any) => body.errors?.find((e: any) => e.field === 'file');

  test('no file: 400', async () => {
    const res = await upload(null);
    expect(res.status).toBe(400);
    expect(fileError(res.body)).toEqual(expect.objectContaining({ rule: 'required' }));
  });

  test('a PNG renamed contract.pdf and declared application/pdf: 415 (type by content, not name)', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    const res = await upload(png, { filename: 'contract.pdf', type: 'application/pdf' });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(fileError(res.body)).toEqual(expect.objectContaining({ rule: 'type', message: expect.stringMatching(/docx.*PDF/i) }));
  });

  test('a ZIP that is not a Word document, named .docx: 415', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('notes/readme.txt hello', 'latin1')]);
    const res = await upload(zip, { filename: 'contract.docx', type: DOCX_TYPE });
    expect(res.status).toBe(415);
    expect(fileError(res.body)?.rule).toBe('type');
  });

  test('larger than 10 MB: 413 naming the limit', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const res = await upload(big, { filename: 'big.pdf', type: 'application/pdf' });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(fileError(res.body)).toEqual(expect.objectContaining({ rule: 'maxSize', message: expect.stringContaining('10 MB') }));
  });

  test('a damaged PDF and a truncated DOCX: 422', async () => {
    const pdf = await writeContractPdf(sampleDraft('en'), { lang: 'en', layoutSeed: 1 });
    const brokenPdf = Buffer.concat([pdf.subarray(0, 16), Buffer.alloc(2000, 0x41)]);
    const docx = await writeContractDocx(sampleDraft('en'), { lang: 'en', layoutSeed: 1 });
    const cut = docx.indexOf('word/document.xml', 0, 'latin1') + 200;
    for (const [file, name] of [[brokenPdf, 'broken.pdf'], [docx.subarray(0, cut), 'cut.docx']] as const) {
      const res = await upload(Buffer.from(file), { filename: name });
      expect([name, res.status]).toEqual([name, 422]);
      expect(res.body.code).toBe('DOCUMENT_UNREADABLE');
      expect(fileError(res.body)?.rule).toBe('readable');
    }
  });

  test('the file under another field name: 400 naming file', async () => {
    const res = await upload(await writeContractDocx(sampleDraft('en'), { lang: 'en', layoutSeed: 1 }), { field: 'document' });
    expect(res.status).toBe(400);
    expect(fileError(res.body)).toEqual(expect.objectContaining({ rule: 'multipart' }));
  });

  test('not a rep: 403', async () => {
    const res = await upload(await writeContractDocx(sampleDraft('en'), { lang: 'en', layoutSeed: 1 }), { as: 'lee' });
    expect(res.status).toBe(403);
  });
});
