// The simulator runs the real workflow and activities on the time-skipping server and must be
// deterministic: the same seed gives the same report, figure for figure, each run in its own
// database and its own test server.
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { temporalTestServerPath } from '../../scripts/lib/paths';
import { type RunningTestServer, startTestServer } from '../../tools/simulation/test-server';
import { createFreshDatabase, type FreshDatabase } from '../audit/support/fresh-database';
import { loadConfig } from '../../src/config/env.schema';
import { workflowsPath } from '../../src/worker';
import { DEFAULT_SIMULATION, runSimulation, type ChainName, type SimulationResult } from '../../tools/simulation/simulator';
import { type CapturingTransport, createCapturingTransport } from '../../tools/simulation/capturing-transport';
import { formatComparison, formatReport, managerSummary } from '../../tools/simulation/simulation-report';

// Each test runs several simulations one after another; on two cores shared with other test runs
// they take minutes each.
jest.setTimeout(1_800_000);

let bundle: WorkflowBundle;
const databases: FreshDatabase[] = [];

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: workflowsPath() });
});

afterAll(async () => {
  for (const db of databases) await db.drop();
});

async function freshDatabase(chain: ChainName): Promise<FreshDatabase> {
  const db = await createFreshDatabase(`gl_sim_${chain}`);
  databases.push(db);
  return db;
}

async function simulate(chain: ChainName, contracts: number, seed: string, mail: CapturingTransport = createCapturingTransport(), database?: FreshDatabase, servers = 1): Promise<SimulationResult> {
  const db = database ?? (await freshDatabase(chain));
  // Started as simulate starts it: waiting for the JVM to listen however busy the machine is.
  const running: RunningTestServer[] = [];
  try {
    for (let k = 0; k < servers; k++) running.push(await startTestServer(process.env.TEMPORAL_TEST_SERVER_PATH ?? temporalTestServerPath));
    const [server, ...more] = running;
    return await runSimulation({
      ...DEFAULT_SIMULATION,
      chain,
      contracts,
      seed,
      config: loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' }),
      database: { appUrl: db.appUrl, adminUrl: db.adminUrl },
      mailTransport: mail,
      env: server.env,
      shardEnvs: more.map((r) => r.env),
      workerOptions: { workflowBundle: bundle, workflowsPath: undefined },
    });
  } finally {
    for (const r of running) await r.stop();
  }
}

test('the same seed gives the same report, figure for figure, on one server or contracts dealt over two; another seed another one', async () => {
  const mail = createCapturingTransport();
  const first = await simulate('slim', 20, 'determinism', mail);
  const second = await simulate('slim', 20, 'determinism', undefined, undefined, 2);
  expect(second.report).toEqual(first.report);
  expect(second.period).toEqual(first.period);
  expect(formatReport(second.report, 'x')).toBe(formatReport(first.report, 'x'));

  const s = first.report.summary;
  expect(s.contracts).toBe(20);
  expect(s.inFlight).toBe(0);
  expect(s.approved + s.rejected + s.withdrawn).toBe(20);
  // The real chain ran: 15 decisions per contract and revision, most of them by rules.
  expect(s.stepDecisions).toBeGreaterThanOrEqual(20 * 15 - 5 * 15);
  expect(s.automaticShare).toBeGreaterThan(0.8);
  expect(first.stats.decisions).toBe(s.humanTasks);
  // The mail went through the real notifier into the transport the worker was given: a task
  // mail to an approver for each human task, and a mail to the rep for each closed contract.
  expect(mail.count()).toBeGreaterThanOrEqual(s.humanTasks + 20);
  expect(mail.last()?.messageId).toMatch(/^<[0-9a-f]{32}\.[a-z-]+@/);
  expect([...mail.countsByRecipient().keys()].every((a) => a.endsWith('@greenlight.example'))).toBe(true);

  const other = await simulate('slim', 20, 'another seed');
  expect(other.report).not.toEqual(first.report);
});

test('the legacy chain is 28 manual steps: nothing automatic, 28 tasks per contract, and the before/after table prints', async () => {
  // As `simulate --compare` does: both chains at once, each with its own database and server.
  // Eight contracts on one day: tasks of the shared roles (two legal counsels, two executives)
  // open in the same moments and their decisions run concurrently.
  const n = 8;
  const [legacyDb, slimDb] = [await freshDatabase('legacy'), await freshDatabase('slim')];
  const [legacy, slim] = await Promise.all([simulate('legacy', n, 'legacy', undefined, legacyDb), simulate('slim', n, 'legacy', undefined, slimDb)]);
  const s = legacy.report.summary;
  expect(s.contracts).toBe(n);
  expect(s.automaticShare).toBe(0);
  expect(legacy.report.steps).toHaveLength(28);
  expect(legacy.report.steps[0].stepKey).toBe('crm_data_entry');
  expect(s.humanTasks).toBeGreaterThanOrEqual(n * 28);
  // Order-free routing still spreads a shared role's tasks over its members.
  const approvers = new Set(legacy.report.approvers.map((a) => a.username));
  for (const name of ['lee', 'lena', 'frank', 'ed']) expect(approvers).toContain(name);
  const table = formatComparison(legacy, slim);
  for (const row of ['Cycle time p50', 'Cycle time p90', 'Share within 3 days (72 h)', 'Share of step decisions automatic', 'Human tasks per contract']) expect(table).toContain(row);
  expect(managerSummary(legacy, slim)).toMatch(/typical contract now takes/);

  // Running beside the other chain, or alone with the contracts dealt over three servers (three
  // clocks), changes nothing: the same report, each approver's task count included.
  const alone = await simulate('legacy', n, 'legacy', undefined, undefined, 3);
  expect(alone.report).toEqual(legacy.report);
  expect(alone.stats.decisions).toBe(legacy.stats.decisions);
});
