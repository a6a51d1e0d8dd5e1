// Both document parsers (mammoth for DOCX, pdf-parse / pdf.js 5 for PDF) in one worker thread,
// one document at a time, with a time and a heap limit. Why a thread and not a call:
// - a hostile or broken file (a PDF that keeps pdf.js busy, a DOCX whose XML inflates to
//   gigabytes) is cut off after DOCUMENT_TIMEOUT_MS or at the heap limit: the thread is terminated
//   and replaced, the request gets a 422, and the API's event loop and heap never see it;
// - parsing is CPU work (tens of ms per document) that would otherwise delay every other request;
// - pdf.js loads its worker module with a dynamic import(), which the jest VM refuses; the thread
//   runs Node's own loader, so tests exercise exactly the production path.
// The thread is started on first use and kept (a cold start costs ~0.5 s, a warm parse ~20–50 ms);
// it is unref'd while idle so it never keeps a process alive.
import { Worker } from 'node:worker_threads';

export const DOCUMENT_TIMEOUT_MS = 30_000;
const DOCUMENT_HEAP_MB = 256;

export type DocumentKind = 'docx' | 'pdf';

// Plain CommonJS run by the thread itself (not compiled by us): it must load the same mammoth and
// pdf-parse the API resolves, so the parent passes their resolved paths. DOCX answers mammoth's
// HTML (tables stay tables), PDF its text with line breaks, pages run on without markers.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const mammoth = require(workerData.mammothPath);
const { PDFParse } = require(workerData.pdfParsePath);
async function read(kind, data) {
  if (kind === 'docx') {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) }, { ignoreEmptyParagraphs: true });
    return result.value;
  }
  const parser = new PDFParse({ data, stopAtErrors: true });
  try {
    return (await parser.getText({ pageJoiner: '' })).text;
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
parentPort.on('message', async ({ id, kind, data }) => {
  try {
    parentPort.postMessage({ id, text: await read(kind, data) });
  } catch (err) {
    parentPort.postMessage({ id, error: { name: err && err.name ? String(err.name) : 'Error', message: err && err.message ? String(err.message) : String(err) } });
  }
});
`;

/** Why a document could not be read: the parser's exception name (InvalidPDFException, PasswordException, Error, …) or Timeout / WorkerExit. */
export class DocumentWorkerError extends Error {
  override readonly name = 'DocumentWorkerError';
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

interface Job {
  id: number;
  kind: DocumentKind;
  data: Uint8Array;
  timeoutMs: number;
  resolve: (text: string) => void;
  reject: (err: DocumentWorkerError) => void;
}

/** One worker thread serving documents in turn; exported for its tests (production code uses readInWorker). */
export class DocumentThread {
  private worker: Worker | null = null;
  private queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;

  constructor(private readonly timeoutMs: number) {}

  /** Stops the thread (tests); a later request starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  /** DOCX: mammoth's HTML; PDF: the text. `timeoutMs` overrides the thread's limit for this document (tests). */
  read(kind: DocumentKind, data: Uint8Array, timeoutMs = this.timeoutMs): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, kind, data, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pdfParsePath: require.resolve('pdf-parse'), mammothPath: require.resolve('mammoth') },
      resourceLimits: { maxOldGenerationSizeMb: DOCUMENT_HEAP_MB },
    });
    worker.on('message', (msg: { id: number; text?: string; error?: { name: string; message: string } }) => {
      const current = this.current;
      if (!current || current.job.id !== msg.id) return;
      this.finish();
      if (msg.error) current.job.reject(new DocumentWorkerError(msg.error.name, msg.error.message));
      else current.job.resolve(msg.text ?? '');
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const current = this.current;
      if (current) {
        this.finish();
        current.job.reject(new DocumentWorkerError('WorkerExit', why));
      }
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`the document reader stopped (exit code ${code}; out of memory?)`));
    return worker;
  }

  private finish(): void {
    if (this.current) clearTimeout(this.current.timer);
    this.current = null;
    this.pump();
  }

  private pump(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) {
      this.worker?.unref();
      return;
    }
    const worker = (this.worker ??= this.start());
    worker.ref();
    const timer = setTimeout(() => {
      // Cut off: this thread is busy with the document and may never answer; a fresh one serves the rest.
      this.worker = null;
      void worker.terminate();
      this.current = null;
      job.reject(new DocumentWorkerError('Timeout', `reading it took longer than ${Math.round(job.timeoutMs / 1000)} s`));
      this.pump();
    }, job.timeoutMs);
    this.current = { job, timer };
    worker.postMessage({ id: job.id, kind: job.kind, data: job.data });
  }
}

let shared: DocumentThread | null = null;

/** DOCX: mammoth's HTML; PDF: its text, lines separated by "\n". Rejects with DocumentWorkerError. */
export function readInWorker(kind: DocumentKind, buffer: Buffer): Promise<string> {
  shared ??= new DocumentThread(DOCUMENT_TIMEOUT_MS);
  return shared.read(kind, new Uint8Array(buffer));
}
