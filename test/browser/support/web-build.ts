// Builds the web app (vite build -> web/dist) when its sources are newer than the last build, so a
// browser test never runs against yesterday's app. Called once per run from the browser project's
// global setup (and by any spec run on its own through startBrowserStack).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/lib/paths';

export const webDir = join(repoRoot, 'web');
export const webDist = join(webDir, 'dist');
const builtIndex = join(webDist, 'index.html');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(builtIndex)) return true;
  const sources = Math.max(newestMtime(join(webDir, 'src')), newestMtime(join(webDir, 'index.html')), newestMtime(join(webDir, 'vite.config.ts')));
  return sources > statSync(builtIndex).mtimeMs;
}

export function ensureWebBuild(): void {
  if (!webBuildIsStale()) return;
  process.stdout.write('[browser tests] web/ changed since the last build: vite build\n');
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', '--config', join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: repoRoot,
    // jest sets NODE_ENV=test, which would give Vite a development build of React.
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`vite build failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
}
