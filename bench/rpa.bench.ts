// `npm run bench:rpa`: the defect benchmark of issue 15. Generates the seeded corpus
// (tools/documents/corpus.ts: DOCX and PDF, English and Chinese, each with its ground truth and
// its injected defect or none), reads every document with intake's own function
// (readContractDocument, as POST /api/contracts/intake does), then checks the drafts the way
// Greenlight does now and the way it did before (bench/lib/rpa-checks.ts), on a scratch
// PostgreSQL that holds the corpus's registry and denied-party list. Prints per defect kind the
// detection rate, the false-positive rate on clean contracts and field-level extraction accuracy,
// each against the baseline in the same run. Goals: detection ≥ 95% per kind, false positives
// ≤ 2%, extraction ≥ 98% of fields.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { startPostgres, type PostgresHandle } from '../scripts/lib/embedded-postgres';
import { getFreePort } from '../scripts/lib/free-port';
import { checkArgs, type CliOption, type CliSpec, numberArg, oneOfArg, parseCli } from '../src/cli/cli-args';
import { migrate } from '../src/cli/migrate';
import { stableUuid } from '../src/common/ids';
import { type AppConfig, loadConfigOrExit } from '../src/config/env.schema';
import { dataSourceOptions } from '../src/database/data-source';
import { userId } from '../src/database/seed/demo-organisation';
import { ReferenceRepository } from '../src/reference/reference.repository';
import { upsertDeniedParties } from '../src/reference/denied-parties.repository';
import { DatabaseCustomerRegistry } from '../src/rpa/customer-registry/database-customer-registry';
import { readContractDocument, type IntakeResult } from '../src/rpa/intake/read-contract-document';
import { type Corpus, DEFECT_KINDS, generateCorpus, writeCorpusDocument } from '../tools/documents/corpus';
import { allWrong, EXTRACTED_FIELDS, type ExtractedField, fieldResults } from './lib/rpa-accuracy';
import { type CheckDeps, checkBaseline, checkNow, type CheckResult, SIGNAL_OF } from './lib/rpa-checks';
import { formatReport, type DocumentOutcome } from './lib/rpa-report';

const CLI = {
  usage: 'npm run bench:rpa -- [--contracts N] [--seed N] [--db embedded|env] [--show-misses N]',
  summary: 'Defect detection, false positives and extraction accuracy of document intake and the RPA checks on a seeded corpus, against the old exact rules.',
  options: {
    contracts: { type: 'string', default: '500', valueName: 'N', description: 'contracts in the corpus (each one DOCX or PDF, alternating)' },
    seed: { type: 'string', default: '15', valueName: 'N', description: 'corpus seed: the same seed gives the same documents' },
    db: { type: 'string', default: 'embedded', valueName: 'embedded|env', description: 'own embedded PostgreSQL, or DATABASE_URL / DATABASE_ADMIN_URL' },
    'show-misses': { type: 'string', default: '5', valueName: 'N', description: 'misses and false positives listed per kind' },
  },
} satisfies CliSpec<Record<string, CliOption>>;
const { values } = parseCli(process.argv.slice(2), CLI);
const { CONTRACTS, SEED, DB, SHOW } = checkArgs(CLI, () => ({
  CONTRACTS: numberArg(values.contracts, 'contracts', { min: 1, integer: true }),
  SEED: numberArg(values.seed, 'seed', { min: 0, integer: true }),
  DB: oneOfArg(values.db, 'db', ['embedded', 'env']),
  SHOW: numberArg(values['show-misses'], 'show-misses', { min: 0, integer: true }),
}));

/** The corpus's registry customers and denied parties, next to the demo ones the seed wrote. */
async function seedCorpusReference(db: DataSource, corpus: Corpus): Promise<void> {
  for (const c of corpus.registry) {
    await db.query(
      `INSERT INTO customers (id, registration_number, name, country, credit_limit, outstanding_balance, max_overdue_days, denied_party, aliases)
       VALUES ($1, $2, $3, $4, 5000000, 0, 0, false, $5) ON CONFLICT (registration_number) DO NOTHING`,
      [stableUuid('bench-rpa-customer', c.registrationNumber), c.registrationNumber, c.name, c.country, c.aliases],
    );
  }
  await upsertDeniedParties(
    db,
    corpus.deniedParties.map((d) => ({ entryKey: d.entryKey, name: d.name, aliases: d.aliases, country: d.country, source: 'bench_rpa', note: null })),
  );
}

async function main(): Promise<void> {
  const base = loadConfigOrExit();
  let pg: PostgresHandle | undefined;
  let config: AppConfig = base;
  let db: DataSource | undefined;
  try {
    if (DB === 'embedded') {
      process.stderr.write('bench:rpa: starting an embedded PostgreSQL…\n');
      pg = await startPostgres({ port: await getFreePort(), persistent: false });
      config = { ...base, DATABASE_URL: pg.appUrl, DATABASE_ADMIN_URL: pg.adminUrl };
    }
    config = { ...config, NODE_ENV: 'test', LOG_LEVEL: 'warn', SEED_DEMO_DATA: true };
    await migrate(config, () => undefined);
    db = new DataSource(dataSourceOptions(config.DATABASE_ADMIN_URL ?? config.DATABASE_URL, 4));
    await db.initialize();

    const started = performance.now();
    const corpus = generateCorpus({ seed: SEED, contracts: CONTRACTS });
    await seedCorpusReference(db, corpus);
    const reference = new ReferenceRepository(db);
    const clauseLibrary = await reference.clauseLibrary();
    if (!clauseLibrary) throw new Error('The clause library is missing after migrate');
    const skus = [...new Set(corpus.documents.flatMap((d) => d.draft.lines.map((l) => l.sku)))];
    const deps: CheckDeps = {
      registry: new DatabaseCustomerRegistry(db),
      reference,
      products: await reference.productsBySku(skus),
      clauseLibrary,
      submittedAt: corpus.submittedAt,
      submitterId: userId('alice'),
    };

    const outcomes: DocumentOutcome[] = [];
    let writeMs = 0;
    let readMs = 0;
    for (const [i, doc] of corpus.documents.entries()) {
      const t0 = performance.now();
      const file = await writeCorpusDocument(doc);
      const t1 = performance.now();
      let read: IntakeResult | null = null;
      let readError: string | undefined;
      try {
        read = await readContractDocument(file, { clauseLibrary });
      } catch (err) {
        readError = err instanceof Error ? err.message : String(err);
      }
      const t2 = performance.now();
      writeMs += t1 - t0;
      readMs += t2 - t1;
      const contractId = stableUuid('bench-rpa-contract', `${SEED}:${doc.id}`);
      const none: CheckResult = { signals: new Set(), why: [`unreadable: ${readError}`] };
      outcomes.push({
        doc,
        bytes: file.length,
        fields: read ? fieldResults(doc.draft, read.draft) : allWrong(),
        now: read ? await checkNow(deps, contractId, read) : none,
        baseline: read ? await checkBaseline(deps, contractId, read) : none,
        readError,
        warnings: read?.warnings.map((w) => `${w.field} ${w.rule}`) ?? [],
        read: read?.draft,
      });
      if ((i + 1) % 50 === 0) process.stderr.write(`bench:rpa: ${i + 1}/${corpus.documents.length} documents\n`);
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      formatReport({ corpus, outcomes, seconds, writeMs, readMs, showMisses: SHOW, kinds: DEFECT_KINDS, signalOf: SIGNAL_OF, fields: EXTRACTED_FIELDS as readonly ExtractedField[] }),
    );
  } finally {
    await db?.destroy().catch(() => undefined);
    await pg?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
