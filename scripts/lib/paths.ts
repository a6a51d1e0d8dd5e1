// Where the scripts find the repository and its git-ignored working folders, whether they run
// from source (jest, via swc) or compiled (dist/scripts/...).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'provision.sh'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Greenlight repository above ${start}`);
    dir = parent;
  }
}

export const repoRoot = findRepoRoot(__dirname);
/** Downloaded and built tools (Temporal CLI, test-server jars). */
export const cacheDir = join(repoRoot, '.cache');
/** State that `npm start` keeps between runs: database files, Temporal's SQLite, mail, logs. */
export const dataDir = join(repoRoot, '.data');
/** Pid files and the test environment of the current run. */
export const runDir = join(repoRoot, '.run');
export const logsDir = join(dataDir, 'logs');
export const temporalCliPath = join(cacheDir, 'bin', 'temporal');
export const temporalTestServerPath = join(repoRoot, 'scripts', 'temporal-test-server.sh');
