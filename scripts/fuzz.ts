// `npm run fuzz` (through scripts/fuzz.sh, which installs schemathesis): property-based API
// fuzzing with schemathesis of the whole OpenAPI document (/api/docs-json), once per role: a rep
// (alice), an approver (sam, the rep's manager) and ops (olivia); then the public one-click task
// pages, which /api/docs leaves out, from scripts/fuzz/task-pages.openapi.json.
//
// Unless FUZZ_BASE_URL names a running stack, it starts its own on free ports, like the
// integration tests do: PostgreSQL (temporary cluster), the Temporal dev server (in memory), the
// Mailpit, then migrates and seeds, and runs the worker and the API as child processes.
// Before each run it submits real contracts through the API, three waiting on sam's
// sales-manager approval and three sent back for changes, and hands their ids, the task ids, the
// e-mailed link tokens and the users' ids to schemathesis as dictionaries (used for half of the
// generated values), so that requests reach past "not found" into decisions, revisions,
// withdrawals, delegations, deadlines and the decision page.
//
// Checks: not_a_server_error, and a per-request timeout where no answer counts as a hung request.
// The seed is fixed and the examples per operation bounded, so a run is repeatable and finite;
// the whole run also has a time budget, past which it stops schemathesis and fails.
// Counts come from schemathesis' HAR report, which holds every request it sent with the status of
// the answer, or 0 when none came within the timeout. Prints operations, requests, 2xx/3xx/4xx/
// 5xx and hung per run and in total, and an example request for each operation that answered
// 5xx or hung. Exit 1 on any 5xx, hang, schemathesis error or a blown budget. Stops exactly the
// processes it started, by pid. Reports and the servers' logs stay in .data/fuzz/<run>/ (the
// last five runs).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dataDir, repoRoot } from './lib/paths';
import { call, expectOk, makeFixtures } from './fuzz/fixtures';
import { parseOptions, ROLE_OF, usage, UsageError } from './fuzz/options';
import { type Pass, pruneOldRuns, readHar, runSchemathesis, type RunResult } from './fuzz/schemathesis';
import { log, run as state, type Stack, startStack, stopAll } from './fuzz/stack';
import { header, HTTP_METHODS, merge, newTally, operationNamer, row, type Tally, tallyEntries, verdict } from './fuzz/tally';

const KEPT_RUNS = 5;

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = Date.now();
  const deadline = startedAt + options.maxMinutes * 60_000;
  const runId = new Date(startedAt).toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const runDir = join(dataDir, 'fuzz', runId);
  pruneOldRuns(join(dataDir, 'fuzz'), KEPT_RUNS - 1);
  mkdirSync(runDir, { recursive: true });

  // A schemathesis run still going at the deadline is stopped and the summary printed; this
  // stops everything else (a stack that never gets healthy, a fixture that never settles) a
  // minute later, wherever it is.
  const budget = setTimeout(() => {
    console.error(`[fuzz] FAILED: the run exceeded its budget of ${options.maxMinutes} minutes (--max-minutes); stopping`);
    void shutdown(1);
  }, options.maxMinutes * 60_000 + 60_000);
  budget.unref();

  const stack: Stack = options.baseUrl ? { baseUrl: options.baseUrl } : await startStack(join(runDir, 'logs'));
  if (options.baseUrl) log(`fuzzing the running stack at ${options.baseUrl}`);

  const doc = await expectOk('GET /api/docs-json', call<{ paths?: Record<string, object> }>(stack.baseUrl, 'GET', '/api/docs-json', 'alice'));
  const pagesFile = join(repoRoot, 'scripts', 'fuzz', 'task-pages.openapi.json');
  const pages = JSON.parse(readFileSync(pagesFile, 'utf8')) as { paths: Record<string, object> };
  const name = operationNamer({ paths: { ...doc.paths, ...pages.paths } });
  const countOps = (paths: Record<string, object> = {}) =>
    Object.values(paths).reduce<number>((n, ops) => n + Object.keys(ops).filter((k) => HTTP_METHODS.has(k)).length, 0);

  const passes: Pass[] = [
    ...options.roles.map((user) => ({ label: `${user} (${ROLE_OF[user]})`, schema: `${stack.baseUrl}/api/docs-json`, user, paths: Object.keys(doc.paths ?? {}) })),
    // The e-mailed decision pages are public and not in /api/docs; they need a real link token.
    ...(stack.mail ? [{ label: 'task pages (public)', schema: pagesFile, paths: Object.keys(pages.paths) }] : []),
  ];
  const results: { pass: Pass; tally: Tally; run: RunResult }[] = [];
  for (const pass of passes) {
    const fixtures = await makeFixtures(stack, `${runId}-${pass.user ?? 'public'}`);
    log(`fixtures for ${pass.label}: ${fixtures.contractIds.length} contracts, ${fixtures.taskIds.length} open tasks, ${fixtures.linkTokens.length} link tokens`);
    const run = await runSchemathesis(options, stack, pass, fixtures, runDir, deadline);
    // A signal stopped schemathesis mid-report; shutdown() is already stopping everything.
    if (state.stopping) return 130;
    const t = newTally();
    tallyEntries(t, existsSync(run.harFile) ? readHar(run.harFile, run.timedOut) : [], name);
    results.push({ pass, tally: t, run });
    log(`${pass.label}: schemathesis exit ${run.exitCode}${run.timedOut ? ' (stopped: time budget spent)' : ''}; ${t.requests} requests, ${t.byClass['5xx']} 5xx, ${t.hung} hung`);
    if (run.timedOut) break;
  }

  const total = newTally();
  for (const r of results) merge(total, r.tally);
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  console.log('');
  console.log(`Fuzz summary (schemathesis, seed ${options.seed}, ${options.maxExamples} examples per operation, request timeout ${options.requestTimeoutS} s, ${seconds} s)`);
  console.log(header());
  for (const r of results) console.log(row(r.pass.label, r.tally));
  console.log(row('total', total));
  const pagesFuzzed = passes.some((p) => p.schema === pagesFile);
  console.log(
    `operations described: ${countOps(doc.paths)} in /api/docs-json` +
      (pagesFuzzed ? `, ${countOps(pages.paths)} task pages (scripts/fuzz/task-pages.openapi.json)` : '; task pages not fuzzed (their link tokens come by mail, which only a stack of our own lets us read)'),
  );
  if (total.problems.size) {
    console.log('\n5xx and hung requests, by operation (first example of each):');
    for (const [key, p] of [...total.problems].sort((a, b) => b[1].count - a[1].count)) console.log(`  ${key}: ${p.count}\n      ${p.example}`);
    if (stack.apiLog) console.log(`The API's log, with the stack of every 500: ${relative(repoRoot, stack.apiLog)}`);
  }
  console.log(`Reports (HAR of every request, JUnit, schemathesis output): ${relative(repoRoot, runDir)}/`);

  const failures = verdict({
    total,
    requestTimeoutS: options.requestTimeoutS,
    maxMinutes: options.maxMinutes,
    runs: passes.map((pass) => {
      const r = results.find((x) => x.pass === pass);
      return { label: pass.label, exitCode: r ? r.run.exitCode : null, finished: r !== undefined && !r.run.timedOut, tally: r?.tally ?? newTally(), outputFile: r ? relative(repoRoot, r.run.outputFile) : '' };
    }),
  });
  if (failures.length) {
    console.log(`\nFUZZ FAILED: ${failures.join('; ')}`);
    return 1;
  }
  console.log('\nfuzz passed: no 5xx, no hung request');
  return 0;
}

async function shutdown(code: number): Promise<never> {
  if (state.stopping) return new Promise<never>(() => undefined);
  state.stopping = true;
  await stopAll();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`[fuzz] ${signal} received; stopping`);
    void shutdown(130);
  });
}

main()
  .then((code) => shutdown(code))
  .catch((err: Error) => {
    // Errors while a signal stops the servers under us are its consequence, not news.
    if (state.stopping) return;
    console.error(err instanceof UsageError ? `fuzz: ${err.message}\n${usage()}` : `[fuzz] FAILED: ${err.stack ?? err.message}`);
    return shutdown(err instanceof UsageError ? 2 : 1);
  });
