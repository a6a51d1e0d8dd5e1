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
import { type AppConfig, loadConfigOrExit } from '../src/config/env.schema';
import { dataSourceOptions } from '../src/database/data-source';
import { DEFECT_KINDS, generateCorpus } from '../tools/documents/corpus';
import { EXTRACTED_FIELDS, type ExtractedField } from './lib/rpa-accuracy';
import { SIGNAL_OF } from './lib/rpa-checks';
import { formatReport } from './lib/rpa-report';
import { runCorpus } from './lib/rpa-run';

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
    const { outcomes, writeMs, readMs } = await runCorpus(db, corpus, (done) => {
      if (done % 50 === 0) process.stderr.write(`bench:rpa: ${done}/${corpus.documents.length} documents\n`);
    });
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
