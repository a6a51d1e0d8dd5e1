// One schemathesis run per pass (a role over /api/docs-json, or the public task pages): its config
// with the fixtures as dictionaries, the process under the run's time budget, and its HAR report.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../lib/paths';
import { spawnManaged } from '../lib/processes';
import type { Fixtures } from './fixtures';
import type { Options } from './options';
import { log, type Stack, started } from './stack';
import type { HarEntry } from './tally';

/** A TOML basic string: JSON's escapes are a subset of TOML's for the strings used here. */
const toml = (value: string): string => JSON.stringify(value);

/**
 * The config file of one role's run. Path ids, task ids, link tokens and user ids come from the
 * fixtures half of the time and are generated the other half (unknown ids, odd strings).
 */
function schemathesisConfig(fixtures: Fixtures, paths: string[]): string {
  const lines: string[] = ['# Written by scripts/fuzz.ts for one run; see there.', ''];
  const dictionary = (name: string, values: string[]) => {
    if (values.length) lines.push(`[dictionaries.${name}]`, `values = [${values.map(toml).join(', ')}]`, '');
  };
  dictionary('contract-ids', fixtures.contractIds);
  dictionary('task-ids', fixtures.taskIds);
  dictionary('link-tokens', fixtures.linkTokens);
  dictionary('user-ids', fixtures.userIds);
  // Only filters that match an operation of this pass's document: schemathesis warns of the others.
  const bind = (pathRegex: string, parameters: Record<string, string>) => {
    const entries = Object.entries(parameters).filter(([, dict]) => lines.includes(`[dictionaries.${dict}]`));
    if (!entries.length || !paths.some((path) => new RegExp(pathRegex).test(path))) return;
    lines.push('[[operations]]', `include-path-regex = ${toml(pathRegex)}`);
    lines.push(`parameters = { ${entries.map(([key, dict]) => `${toml(key)} = { dictionary = ${toml(dict)}, probability = 0.5 }`).join(', ')} }`, '');
  };
  bind('^/api/contracts/\\{id\\}', { 'path.id': 'contract-ids' });
  bind('^/api/tasks/\\{id\\}/delegate$', { 'path.id': 'task-ids', 'body.toUserId': 'user-ids' });
  bind('^/api/tasks/\\{id\\}(/decision|/deadline)?$', { 'path.id': 'task-ids' });
  bind('^/api/users/me/out-of-office$', { 'body.delegateUserId': 'user-ids' });
  bind('^/tasks/act/', { 'path.token': 'link-tokens' });
  return lines.join('\n') + '\n';
}

/** One schemathesis run: an API description, and who sends the requests. */
export interface Pass {
  /** Row label and report folder. */
  label: string;
  /** A URL or a file path. */
  schema: string;
  /** Demo user whose dev token goes in every request; none for the public pages. */
  user?: string;
  /** The document's path templates. */
  paths: string[];
}

export interface RunResult {
  pass: Pass;
  exitCode: number | null;
  timedOut: boolean;
  harFile: string;
  outputFile: string;
}

export async function runSchemathesis(options: Options, stack: Stack, pass: Pass, fixtures: Fixtures, runDir: string, deadline: number): Promise<RunResult> {
  const dir = join(runDir, pass.label.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, ''));
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'schemathesis.toml');
  writeFileSync(configFile, schemathesisConfig(fixtures, pass.paths));
  const harFile = join(dir, 'requests.har');
  const junitFile = join(dir, 'junit.xml');
  const outputFile = join(dir, 'schemathesis.log');
  const st = process.env.FUZZ_SCHEMATHESIS ?? join(repoRoot, '.cache', 'schemathesis-venv', 'bin', 'st');
  const args = [
    '--config-file', configFile,
    '--no-color',
    'run', pass.schema,
    '--url', stack.baseUrl,
    ...(pass.user ? ['--header', `Authorization: Bearer dev-${pass.user}`] : []),
    '--checks', 'not_a_server_error',
    '--max-examples', String(options.maxExamples),
    '--seed', String(options.seed),
    '--request-timeout', String(options.requestTimeoutS),
    // A hang is a finding, not a network blip: never retry it away.
    '--request-retries', '0',
    '--workers', String(options.workers),
    '--continue-on-failure',
    // No example database: the same seed gives the same requests on every machine.
    '--generation-database', 'none',
    // The health checks stop an operation whose schema makes valid data rare; here that data is the point.
    '--suppress-health-check', 'all',
    '--report', 'har,junit',
    '--report-har-path', harFile,
    '--report-junit-path', junitFile,
  ];
  log(`schemathesis: ${pass.label}, ${options.maxExamples} examples per operation, seed ${options.seed}; output in ${relative(repoRoot, outputFile)}`);
  const proc = spawnManaged({
    name: `schemathesis-${relative(runDir, dir)}`,
    command: st,
    args,
    cwd: dir,
    // Nothing of the user's environment (a hooks module, a base URL) changes the run.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', PYTHONNOUSERSITE: '1' },
    logFile: outputFile,
    stopOnExit: true,
  });
  started.schemathesis = proc;
  let timedOut = false;
  const budget = setTimeout(() => {
    timedOut = true;
    void proc.stop({ signal: 'SIGTERM', timeoutMs: 5_000 });
  }, Math.max(0, deadline - Date.now()));
  const exit = await proc.exited;
  clearTimeout(budget);
  started.schemathesis = undefined;
  return { pass, exitCode: exit.code, timedOut, harFile, outputFile };
}

/**
 * Every request schemathesis sent, from its HAR report. A run stopped by the time budget leaves
 * the report unterminated: then the entries written so far are kept (harfile writes each entry
 * whole, indented by 12 spaces, so the last complete one ends with a line "            }").
 */
export function readHar(harFile: string, stopped: boolean): HarEntry[] {
  const text = readFileSync(harFile, 'utf8');
  const parse = (json: string) => (JSON.parse(json) as { log: { entries: HarEntry[] } }).log.entries;
  try {
    return parse(text);
  } catch (err) {
    const lastEntryEnd = text.lastIndexOf('\n            }');
    if (stopped && lastEntryEnd > 0) {
      try {
        return parse(`${text.slice(0, lastEntryEnd + '\n            }'.length)}]}}`);
      } catch {
        // fall through to the error below
      }
    }
    if (stopped) return [];
    throw new Error(`cannot read the schemathesis report ${relative(repoRoot, harFile)}: ${(err as Error).message}`, { cause: err });
  }
}

/** A run's reports take some 20 MB (the HAR files): keep the newest few runs only. */
export function pruneOldRuns(fuzzDir: string, keep: number): void {
  if (!existsSync(fuzzDir)) return;
  const runs = readdirSync(fuzzDir)
    .filter((name) => /^\d{8}T\d{6}$/.test(name))
    .sort();
  for (const name of runs.slice(0, Math.max(0, runs.length - keep))) rmSync(join(fuzzDir, name), { recursive: true, force: true });
}
