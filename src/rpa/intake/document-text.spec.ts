import { Document, Packer, Paragraph } from 'docx';
import PDFDocument from 'pdfkit';
import { blocksOfMammothHtml, detectFormat } from './document-text';
import { DocumentThread } from './document-worker';

function aPdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

describe('document type by content', () => {
  it('DOCX is a ZIP holding word/document.xml; PDF starts with %PDF-; names play no part', () => {
    expect(detectFormat(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('....word/document.xml....', 'latin1')]))).toBe('docx');
    expect(detectFormat(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('xl/workbook.xml', 'latin1')]))).toBeNull();
    expect(detectFormat(Buffer.from('%PDF-1.7\n...'))).toBe('pdf');
    expect(detectFormat(Buffer.from('\uFEFF %PDF-1.4'))).toBe('pdf');
    expect(detectFormat(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'))).toBeNull();
    expect(detectFormat(Buffer.alloc(0))).toBeNull();
  });
});

describe("mammoth's HTML to blocks", () => {
  it('paragraphs, headings and list items become paragraphs; tables keep rows and cells; entities are decoded', () => {
    const html =
      '<h1>Sales Agreement</h1><p><strong>Customer:</strong> A &amp; B Ltd</p><ul><li>one</li></ul>' +
      '<table><tr><td><p>SKU</p></td><td><p>Unit price</p><p>(CNY)</p></td></tr><tr><td><p>GL-1</p></td><td><p>9,500</p></td></tr></table><p>1 &lt; 2</p>';
    expect(blocksOfMammothHtml(html)).toEqual([
      { type: 'paragraph', text: 'Sales Agreement' },
      { type: 'paragraph', text: 'Customer: A & B Ltd' },
      { type: 'paragraph', text: 'one' },
      { type: 'table', rows: [['SKU', 'Unit price (CNY)'], ['GL-1', '9,500']] },
      { type: 'paragraph', text: '1 < 2' },
    ]);
  });
});

describe('the document thread', () => {
  it('reads text, survives a damaged file, and answers requests in turn', async () => {
    const thread = new DocumentThread(60_000);
    try {
      const [a, broken, b] = await Promise.allSettled([thread.read('pdf', await aPdf('First document')), thread.read('pdf', new Uint8Array(Buffer.from('%PDF-1.7 garbage'))), thread.read('pdf', await aPdf('Second document'))]);
      expect(a).toEqual({ status: 'fulfilled', value: expect.stringContaining('First document') });
      expect(broken).toEqual({ status: 'rejected', reason: expect.objectContaining({ name: 'DocumentWorkerError', kind: 'InvalidPDFException' }) });
      expect(b).toEqual({ status: 'fulfilled', value: expect.stringContaining('Second document') });
    } finally {
      await thread.close();
    }
  });

  it("reads a DOCX to mammoth's HTML, and a damaged one is an error, not a lost thread", async () => {
    const thread = new DocumentThread(60_000);
    try {
      const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ text: 'Customer: Acme' })] }] }));
      await expect(thread.read('docx', new Uint8Array(docx))).resolves.toBe('<p>Customer: Acme</p>');
      await expect(thread.read('docx', new Uint8Array(docx.subarray(0, 100)))).rejects.toEqual(expect.objectContaining({ name: 'DocumentWorkerError' }));
      await expect(thread.read('docx', new Uint8Array(docx))).resolves.toContain('Acme');
    } finally {
      await thread.close();
    }
  });

  it('a document that is not done in time is cut off with a Timeout, and the thread is replaced for the next one', async () => {
    const thread = new DocumentThread(60_000);
    try {
      // A zero time limit: no document can be read in it, so the cut-off path runs every time.
      await expect(thread.read('pdf', await aPdf('Too slow'), 0)).rejects.toEqual(expect.objectContaining({ kind: 'Timeout' }));
      await expect(thread.read('pdf', await aPdf('In time'))).resolves.toContain('In time');
    } finally {
      await thread.close();
    }
  });
});
