// `node dist/bench/activities.bench.js [--contracts N] [--fast]`: where an automatic contract's
// time goes outside Temporal. Starts the bench servers with no worker, submits N automatic
// contracts through the API (their workflows wait: nothing runs them), then calls the activities
// an automatic contract runs directly, in this process, one contract at a time, in the order the
// workflow calls them, and prints each activity's p50/p99 and its share of the total. With the
// engine bench's history cost (events, workflow and activity tasks) this says where the time goes.
import 'reflect-metadata';
import { createActivities } from '../activities';
import type { ProgressBatch } from '../src/domain/chain/engine.types';
import { checkArgs, type CliOption, type CliSpec, numberArg, parseCli } from '../src/cli/cli-args';
import { systemClock } from '../src/common/clock';
import { ContractRecordsRepository } from '../src/contracts/contract-records.repository';
import { createMailNotifier } from '../src/mail/mail-notifier';
import { createLogger } from '../src/observability/logger';
import { ReferenceRepository } from '../src/reference/reference.repository';
import { createCalendarProvider } from '../src/sla/calendar.provider';
import { TasksRepository } from '../src/tasks/tasks.repository';
import { aContract } from '../test/factories/contract.factory';
import { DEFAULT_TUNING, startHarness } from './lib/harness';
import { pct } from './lib/series';

const CLI = {
  usage: 'node dist/bench/activities.bench.js [--contracts N] [--fast]',
  summary: "Time per activity of an automatic contract, called directly (no Temporal), one contract at a time.",
  options: {
    contracts: { type: 'string', default: '50', valueName: 'N', description: 'contracts whose activities are timed' },
    fast: { type: 'boolean', default: false, description: 'non-durable: PostgreSQL fsync off' },
  },
} satisfies CliSpec<Record<string, CliOption>>;
const { values } = parseCli(process.argv.slice(2), CLI);
const [N] = checkArgs(CLI, () => [numberArg(values.contracts, 'contracts', { min: 1, integer: true })]);

async function main() {
  const h = await startHarness({ temporal: 'dev', fast: values.fast === true, workers: 0, tuning: DEFAULT_TUNING });
  try {
    const config = h.config;
    const acts = createActivities({
      db: h.db,
      calendar: createCalendarProvider(config),
      notifier: createMailNotifier({ db: h.db, config, logger: createLogger(config, { name: 'bench' }) }),
      clock: systemClock,
      records: new ContractRecordsRepository(h.db),
      reference: new ReferenceRepository(h.db),
      tasks: new TasksRepository(h.db),
    });
    const times = new Map<string, number[]>();
    const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const out = await fn();
      (times.get(name) ?? times.set(name, []).get(name)!).push(performance.now() - t0);
      return out;
    };
    const submit = async () => ((await h.post('/api/contracts', aContract())) as { id: string }).id;
    const progress = (contractId: string): ProgressBatch => ({ contractId, steps: [], contract: { currentSteps: [] }, events: [] });
    for (let i = 0; i < N + 5; i++) {
      const contractId = await timed('POST /api/contracts (API, no worker)', submit);
      const sub = aContract();
      await timed('prepareRevision', () => acts.prepareRevision({ contractId, skus: [...new Set(sub.lines.map((l) => l.sku))] }));
      await timed('recordProgress (empty batch: one transaction)', () => acts.recordProgress(progress(contractId)));
      await timed('captureCustomer', () => acts.captureCustomer({ contractId, customer: sub.customer }));
      await timed('generateDocument', () => acts.generateDocument({ contractId, revision: 1, eventKey: `${contractId}:document:1` }));
      await timed('createOrder', () => acts.createOrder({ contractId, revision: 1, eventKey: `${contractId}:order` }));
      if (i === 4) times.clear(); // the first five warm caches and the JIT
    }
    const rows = [...times].map(([name, ms]) => ({ name, ms: [...ms].sort((a, b) => a - b), total: ms.reduce((a, b) => a + b, 0) }));
    const all = rows.reduce((a, r) => a + r.total, 0);
    console.log(`\n${h.describe}; ${N} contracts, one at a time\n`);
    console.log(`${'activity'.padEnd(46)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'mean ms'.padStart(9)}${'share'.padStart(7)}`);
    for (const r of rows) {
      const cells = [pct(r.ms, 50), pct(r.ms, 99), r.total / r.ms.length].map((v) => v.toFixed(1).padStart(9)).join('');
      console.log(`${r.name.padEnd(46)}${cells}${`${((100 * r.total) / all).toFixed(0)}%`.padStart(7)}`);
    }
  } finally {
    await h.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
