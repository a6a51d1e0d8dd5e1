// `npm run bench:replay`: what the contract workflow's own code costs, without servers. Replays the
// recorded histories of test/replay (the newest set), each N times per round, with the SDK's
// workflow stack traces on (its promise hook records every promise's stack) and off
// (WORKFLOW_STACK_TRACES, patches/README.md). The SDK reads the setting once per thread, and a
// replay runs its workflows in the calling thread, so each
// round of a setting is a child process of its own (this file with --child), rounds alternating so
// that drift on a shared machine falls on both alike; prints the CPU and wall time per replayed
// workflow, medians over the rounds, and off/on as a ratio.
// A replay runs every workflow task of the history again (the workflow code, the SDK and its core),
// so it is the workflow side of a contract's cost: the activities and the servers are not in it.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { checkArgs, type CliOption, type CliSpec, numberArg, oneOfArg, parseCli } from '../src/cli/cli-args';
import { setWorkflowStackTraces, workflowsPath } from '../src/worker';
import { percentile } from './lib/percentile';

const CLI = {
  usage: 'npm run bench:replay -- [--replays N] [--rounds R]',
  summary: "The contract workflow's CPU per replayed history, with the SDK's workflow stack traces on and off.",
  options: {
    replays: { type: 'string', default: '100', valueName: 'N', description: 'replays of each history per round' },
    rounds: { type: 'string', default: '4', valueName: 'R', description: 'rounds (child processes) of each setting, alternating' },
    child: { type: 'string', valueName: 'BUNDLE', description: '(internal) replay in this process with the bundle at BUNDLE, print JSON' },
    'stack-traces': { type: 'string', default: 'on', valueName: 'on|off', description: "(internal) the child's setting" },
  },
} satisfies CliSpec<Record<string, CliOption>>;
const { values } = parseCli(process.argv.slice(2), CLI);
const [REPLAYS, ROUNDS] = checkArgs(CLI, () => (['replays', 'rounds'] as const).map((flag) => numberArg(values[flag], flag, { min: 1, integer: true })));

const DIR = join(__dirname, '../../test/replay/histories');
/** The newest recorded set: what today's code runs for new contracts. */
const SET = 'v6-';

interface Cost {
  cpu: number;
  wall: number;
}

function historyFiles(): string[] {
  return readdirSync(DIR)
    .filter((f) => f.startsWith(SET) && f.endsWith('.json') && !f.endsWith('.local-keys.json'))
    .sort();
}

/** In a child: replays each history REPLAYS times (after a warm-up) with this process's setting; ms of process CPU and wall time per replay. */
async function child(bundlePath: string, stackTraces: boolean): Promise<Record<string, Cost>> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  // The replay worker runs workflows in this thread, which reads the setting once: hence a process per setting.
  setWorkflowStackTraces(stackTraces);
  const bundle = { code: readFileSync(bundlePath, 'utf8') };
  const out: Record<string, Cost> = {};
  for (const file of historyFiles()) {
    const history = historyFromJSON(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
    const run = async (n: number): Promise<Cost> => {
      const histories = (function* () {
        for (let i = 0; i < n; i++) yield { workflowId: `bench-replay-${i}`, history };
      })();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'bench-replay' }, histories)) {
        if (result.error) throw result.error;
      }
      const cpu = process.cpuUsage(cpu0);
      return { cpu: (cpu.user + cpu.system) / 1000 / n, wall: (performance.now() - t0) / n };
    };
    await run(Math.min(REPLAYS, 20));
    out[file.replace(/\.json$/, '')] = await run(REPLAYS);
  }
  return out;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'greenlight-bench-replay-'));
  try {
    const bundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: new DefaultLogger('ERROR') })).code);
    const samples: Record<'on' | 'off', Record<string, Cost>[]> = { on: [], off: [] };
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which setting goes first.
      for (const setting of r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        process.stdout.write(`round ${r + 1}, stack traces ${setting}… `);
        const { stdout } = await promisify(execFile)(process.execPath, [__filename, '--child', bundlePath, '--stack-traces', setting, '--replays', String(REPLAYS)], {
          maxBuffer: 1 << 20,
          timeout: 30 * 60_000,
        });
        samples[setting].push(JSON.parse(stdout) as Record<string, Cost>);
        console.log('done');
      }
    }
    const median = (setting: 'on' | 'off', name: string, key: keyof Cost) => percentile(samples[setting].map((s) => s[name][key]).sort((a, b) => a - b), 0.5);
    const rows = historyFiles().map((file) => {
      const name = file.replace(/\.json$/, '');
      const events = historyFromJSON(JSON.parse(readFileSync(join(DIR, file), 'utf8'))).events?.length ?? 0;
      const [on, off] = [median('on', name, 'cpu'), median('off', name, 'cpu')];
      return [name, String(events), on.toFixed(2), off.toFixed(2), `${(off / on).toFixed(2)}×`, median('on', name, 'wall').toFixed(2), median('off', name, 'wall').toFixed(2)];
    });
    console.log(
      `\nContract workflow replay — each history ${REPLAYS} times per round, ${ROUNDS} rounds per setting (medians), a process per round; ${process.platform} ${process.arch}, ${cpus().length} cores`,
    );
    const header = ['history', 'events', 'CPU ms, traces on', 'CPU ms, off', 'off/on', 'wall ms, on', 'wall ms, off'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    console.log(line(header));
    for (const row of rows) console.log(line(row));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(values.child ? child(values.child, checkArgs(CLI, () => oneOfArg(values['stack-traces'], 'stack-traces', ['on', 'off'] as const)) === 'on').then((out) => void process.stdout.write(JSON.stringify(out))) : main()).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
