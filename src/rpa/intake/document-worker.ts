// PDF text extraction (pdf-parse, pdf.js 5) in a worker thread, one document at a time, with a
// time and memory limit. Why a thread and not a call:
// - a hostile or broken PDF can keep pdf.js busy or growing; here it is cut off after
//   PDF_TEXT_TIMEOUT_MS (the worker is terminated and replaced) instead of stalling the API's event
//   loop, and its heap is capped, so the request gets a 422, never a hang;
// - parsing is CPU work (tens of ms per page) that would otherwise delay every other request;
// - pdf.js loads its worker module with a dynamic import(), which the jest VM refuses; the thread
//   runs Node's own loader, so tests exercise exactly the production path.
// The thread is started on first use and kept (a cold start costs ~0.5 s, a warm parse ~20–50 ms);
// it is unref'd while idle so it never keeps a process alive.
import { Worker } from 'node:worker_threads';

export const PDF_TEXT_TIMEOUT_MS = 30_000;
const PDF_HEAP_MB = 256;

// Plain CommonJS run by the thread itself (not compiled by us): it must load the same pdf-parse
// the API resolves, so the parent passes its resolved path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.pdfParsePath);
parentPort.on('message', async ({ id, data }) => {
  const parser = new PDFParse({ data, stopAtErrors: true });
  try {
    const result = await parser.getText({ pageJoiner: '' });
    parentPort.postMessage({ id, text: result.text });
  } catch (err) {
    parentPort.postMessage({ id, error: { name: err && err.name ? String(err.name) : 'Error', message: err && err.message ? String(err.message) : String(err) } });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
});
`;

/** Why pdf.js could not give the text: its exception's name (InvalidPDFException, PasswordException, …) or Timeout / WorkerExit. */
export class PdfTextError extends Error {
  override readonly name = 'PdfTextError';
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

interface Job {
  id: number;
  data: Uint8Array;
  timeoutMs: number;
  resolve: (text: string) => void;
  reject: (err: PdfTextError) => void;
}

/** One worker thread serving PDF text requests in turn; exported for its tests (production code uses pdfText). */
export class PdfTextThread {
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

  /** The text of one PDF; `timeoutMs` overrides the thread's limit for this document (tests). */
  text(data: Uint8Array, timeoutMs = this.timeoutMs): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, data, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pdfParsePath: require.resolve('pdf-parse') },
      resourceLimits: { maxOldGenerationSizeMb: PDF_HEAP_MB },
    });
    worker.on('message', (msg: { id: number; text?: string; error?: { name: string; message: string } }) => {
      const current = this.current;
      if (!current || current.job.id !== msg.id) return;
      this.finish();
      if (msg.error) current.job.reject(new PdfTextError(msg.error.name, msg.error.message));
      else current.job.resolve(msg.text ?? '');
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const current = this.current;
      if (current) {
        this.finish();
        current.job.reject(new PdfTextError('WorkerExit', why));
      }
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`the PDF reader stopped (exit code ${code})`));
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
      job.reject(new PdfTextError('Timeout', `reading it took longer than ${Math.round(job.timeoutMs / 1000)} s`));
      this.pump();
    }, job.timeoutMs);
    this.current = { job, timer };
    worker.postMessage({ id: job.id, data: job.data });
  }
}

let shared: PdfTextThread | null = null;

/** The PDF's text, lines separated by "\n", pages run on without markers. Rejects with PdfTextError. */
export function pdfText(buffer: Buffer): Promise<string> {
  shared ??= new PdfTextThread(PDF_TEXT_TIMEOUT_MS);
  return shared.text(new Uint8Array(buffer));
}
