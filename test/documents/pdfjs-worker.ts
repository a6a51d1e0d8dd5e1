// pdf.js (inside pdf-parse) loads its worker with a dynamic import(), which jest's CommonJS
// sandbox refuses ("A dynamic import callback was invoked without --experimental-vm-modules").
// pdf.js first looks for an already loaded worker on globalThis.pdfjsWorker, so tests that read
// PDFs in-process load it here: the worker module (ESM) compiled once to CommonJS with swc (the
// compiler jest already uses) into a temp file, then required. Outside jest, pdf-parse needs none of this.
import { transformFileSync } from '@swc/core';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function installPdfjsWorkerForJest(): void {
  const g = globalThis as { pdfjsWorker?: unknown };
  if (g.pdfjsWorker) return;
  const source = join(dirname(require.resolve('pdf-parse')), 'pdf.worker.mjs');
  const dir = join(tmpdir(), 'greenlight-pdfjs-worker');
  const target = join(dir, `pdf.worker.${statSync(source).size}.cjs.js`);
  if (!existsSync(target)) {
    mkdirSync(dir, { recursive: true });
    const { code } = transformFileSync(source, { module: { type: 'commonjs' }, jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, sourceMaps: false });
    const partial = `${target}.${process.pid}`;
    writeFileSync(partial, code);
    renameSync(partial, target);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  g.pdfjsWorker = require(target);
}
