// The lint rule that keeps production code (src/, workflows/, activities/) free of dev tooling:
// linting production files that import a devDependency, scripts/, test/, tools/ or bench/ must
// fail, and the same imports stay allowed in tools/ and bench/. ESLint runs in a child process
// (its flat config is an ES module, which jest's CommonJS runtime cannot load), once for all cases.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

interface Case {
  file: string;
  source: string;
}

const CASES: Record<string, Case> = {
  devDependency: { file: 'src/worker.ts', source: "import { TestWorkflowEnvironment } from '@temporalio/testing';\nexport const x = TestWorkflowEnvironment;\n" },
  scripts: { file: 'src/worker.ts', source: "import { cacheDir } from '../scripts/lib/paths';\nexport const x = cacheDir;\n" },
  test: { file: 'activities/index.ts', source: "import { aContract } from '../test/factories/contract.factory';\nexport const x = aContract;\n" },
  tools: { file: 'src/cli/migrate.ts', source: "import { Random } from '../../tools/simulation/random';\nexport const x = Random;\n" },
  bench: { file: 'workflows/index.ts', source: "import { baselineWorkflow } from '../bench/baseline.workflow';\nexport const x = baselineWorkflow;\n" },
  domainScripts: { file: 'src/domain/errors.ts', source: "import { getFreePort } from '../../scripts/lib/free-port';\nexport const x = getFreePort;\n" },
  productionDependency: { file: 'src/worker.ts', source: "import { DateTime } from 'luxon';\nexport const x = DateTime;\n" },
  toolsMayUseDevTooling: { file: 'tools/simulation/test-server.ts', source: "import { TestWorkflowEnvironment } from '@temporalio/testing';\nimport { cacheDir } from '../../scripts/lib/paths';\nexport const x = [TestWorkflowEnvironment, cacheDir];\n" },
};

function lintAll(): Record<string, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(root)} });
      const out = {};
      for (const [name, c] of Object.entries(cases)) {
        const [r] = await eslint.lintText(c.source, { filePath: require('node:path').join(${JSON.stringify(root)}, c.file) });
        out[name] = r.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal).map((m) => m.message);
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((err) => { console.error(err); process.exit(1); });`;
  // Under CI=true typescript-eslint switches to single-run mode, which type-checks files as they
  // are on disk and so would lint the real src/worker.ts instead of the text given here.
  const env = { ...process.env, TSESTREE_SINGLE_RUN: 'false' };
  const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(CASES)], { cwd: root, encoding: 'utf8', timeout: 110_000, env });
  if (run.status !== 0) throw new Error(`eslint run failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, string[]>;
}

let results: Record<string, string[]>;
beforeAll(() => {
  results = lintAll();
}, 120_000);

test.each(['devDependency', 'scripts', 'test', 'tools', 'bench', 'domainScripts'])('production code importing %s fails lint', (name) => {
  expect(results[name].length).toBeGreaterThan(0);
  expect(results[name].join('\n')).toMatch(/Production code may not import/);
});

test('production dependencies stay allowed in production code, dev tooling in tools/', () => {
  expect(results.productionDependency).toEqual([]);
  expect(results.toolsMayUseDevTooling).toEqual([]);
});
