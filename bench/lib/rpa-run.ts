// One bench:rpa pass over a corpus: write each document, read it with intake's own function,
// score the fields against the ground truth and run the checks now and in the baseline. Takes a
// DataSource or a transaction's EntityManager, so a test can run it inside a transaction it rolls
// back (the corpus's registry customers and denied parties are written first).
import { performance } from 'node:perf_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { stableUuid } from '../../src/common/ids';
import { userId } from '../../src/database/seed/demo-organisation';
import { upsertDeniedParties } from '../../src/reference/denied-parties.repository';
import { ReferenceRepository } from '../../src/reference/reference.repository';
import { DatabaseCustomerRegistry } from '../../src/rpa/customer-registry/database-customer-registry';
import { type IntakeResult, readContractDocument } from '../../src/rpa/intake/read-contract-document';
import { type Corpus, writeCorpusDocument } from '../../tools/documents/corpus';
import { allWrong, fieldResults } from './rpa-accuracy';
import { type CheckDeps, checkBaseline, checkNow, type CheckResult } from './rpa-checks';
import type { DocumentOutcome } from './rpa-report';

type Db = DataSource | EntityManager;

/** The corpus's registry customers and denied parties, next to the demo ones the seed wrote. */
export async function seedCorpusReference(db: Db, corpus: Corpus): Promise<void> {
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

export interface RunResult {
  outcomes: DocumentOutcome[];
  writeMs: number;
  readMs: number;
}

export async function runCorpus(db: Db, corpus: Corpus, progress: (done: number) => void = () => undefined): Promise<RunResult> {
  await seedCorpusReference(db, corpus);
  const reference = new ReferenceRepository(db);
  const clauseLibrary = await reference.clauseLibrary();
  if (!clauseLibrary) throw new Error('The clause library is missing: run the migrate command to seed reference data');
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
    writeMs += t1 - t0;
    readMs += performance.now() - t1;
    const contractId = stableUuid('bench-rpa-contract', `${corpus.seed}:${doc.id}`);
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
    progress(i + 1);
  }
  return { outcomes, writeMs, readMs };
}
