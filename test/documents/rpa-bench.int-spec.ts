// bench:rpa's pass over a small corpus on the test PostgreSQL, inside a transaction that is rolled
// back (the corpus's registry customers and denied parties never reach other tests): intake reads
// the generated DOCX and PDF documents, the checks of today catch every injected defect, the
// baseline (the old exact rules) misses the kinds only the new checks see, and the report prints
// the table. Fails when the writer, the reader, the matcher or the rules regress.
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/env.schema';
import { dataSourceOptions } from '../../src/database/data-source';
import { DEFECT_KINDS, generateCorpus } from '../../tools/documents/corpus';
import { EXTRACTED_FIELDS } from '../../bench/lib/rpa-accuracy';
import { SIGNAL_OF } from '../../bench/lib/rpa-checks';
import { formatReport } from '../../bench/lib/rpa-report';
import { type RunResult, runCorpus } from '../../bench/lib/rpa-run';

jest.setTimeout(300_000);

let db: DataSource;
let result: RunResult;
const corpus = generateCorpus({ seed: 2026, contracts: 40 });

beforeAll(async () => {
  const config = loadConfig(process.env);
  db = new DataSource(dataSourceOptions(config.DATABASE_ADMIN_URL ?? config.DATABASE_URL, 2));
  await db.initialize();
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  try {
    result = await runCorpus(runner.manager, corpus);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
});

afterAll(async () => {
  await db?.destroy();
});

test('every injected defect is caught by the check for its kind', () => {
  for (const kind of DEFECT_KINDS) {
    const docs = result.outcomes.filter((o) => o.doc.defect === kind);
    expect(docs.length).toBeGreaterThan(0);
    const missed = docs.filter((o) => !o.now.signals.has(SIGNAL_OF[kind])).map((o) => `${o.doc.id}: ${o.doc.detail}`);
    expect({ kind, missed }).toEqual({ kind, missed: [] });
  }
});

test('the baseline misses what only the new checks see: bad USCC check characters and customers under variant names', () => {
  for (const kind of ['invalid_registration_code', 'duplicate_customer'] as const) {
    const docs = result.outcomes.filter((o) => o.doc.defect === kind);
    expect(docs.filter((o) => o.baseline.signals.has(SIGNAL_OF[kind]))).toEqual([]);
  }
  const clean = result.outcomes.filter((o) => o.doc.defect === null);
  expect(clean.filter((o) => o.baseline.signals.size > 0).length).toBeGreaterThan(clean.filter((o) => o.now.signals.size > 0).length);
});

test('intake reads at least 98% of the fields of DOCX and PDF documents in both languages', () => {
  const fields = result.outcomes.flatMap((o) => EXTRACTED_FIELDS.map((f) => o.fields[f]));
  expect(fields.filter(Boolean).length / fields.length).toBeGreaterThanOrEqual(0.98);
  expect(new Set(result.outcomes.map((o) => `${o.doc.format} ${o.doc.lang}`)).size).toBe(4);
  expect(result.outcomes.filter((o) => o.readError)).toEqual([]);
});

test('the report prints a row per kind, the false positives and the extraction table', () => {
  const report = formatReport({ corpus, ...result, seconds: 1, showMisses: 3, kinds: DEFECT_KINDS, signalOf: SIGNAL_OF, fields: EXTRACTED_FIELDS });
  for (const kind of DEFECT_KINDS) expect(report).toMatch(new RegExp(`^${kind}\\s+\\d+\\s+\\d+\\.\\d%`, 'm'));
  expect(report).toMatch(/^false positives \(clean\)/m);
  expect(report).toMatch(/all fields .*goal ≥98%/);
});
