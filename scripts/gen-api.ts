// `npm run gen:api`: writes the API's OpenAPI document to web/src/api/openapi.json and its
// TypeScript types (openapi-typescript) to web/src/api/schema.d.ts, which the web app's
// openapi-fetch client is typed with. The document comes from the Nest app built in preview mode
// (routes and DTOs, no database, no Temporal), the same builder that serves /api/docs-json.
// --check writes nothing and exits 1 when either file is stale: `npm run typecheck` runs it, so an
// API change the UI has not caught up with fails there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpenApiDocument, createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/env.schema';
import { parseCli } from '../src/cli/cli-args';
import { repoRoot } from './lib/paths';

const { values } = parseCli(process.argv.slice(2), {
  usage: 'npm run gen:api [-- --check]',
  summary: 'Writes web/src/api/openapi.json and web/src/api/schema.d.ts from the API; --check only compares.',
  options: { check: { type: 'boolean', description: 'write nothing; exit 1 when the files are stale' } },
});

const apiDir = join(repoRoot, 'web', 'src', 'api');
const FILES = ['openapi.json', 'schema.d.ts'] as const;

async function generate(outDir: string): Promise<void> {
  // Fixed settings, so the document does not depend on who runs the script.
  const app = await createApp(loadConfig({ NODE_ENV: 'development' }), { preview: true });
  const doc = buildOpenApiDocument(app);
  await app.close();
  const json = join(outDir, 'openapi.json');
  writeFileSync(json, `${JSON.stringify(doc, null, 2)}\n`);
  const cli = join(repoRoot, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  execFileSync(process.execPath, [cli, json, '--output', join(outDir, 'schema.d.ts')], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function main(): Promise<number> {
  if (!values.check) {
    mkdirSync(apiDir, { recursive: true });
    await generate(apiDir);
    console.log(`gen:api: wrote ${FILES.map((f) => join('web/src/api', f)).join(' and ')}`);
    return 0;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'greenlight-gen-api-'));
  try {
    await generate(tmp);
    const stale = FILES.filter((f) => {
      const committed = join(apiDir, f);
      return !existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(join(tmp, f), 'utf8');
    });
    if (stale.length === 0) return 0;
    console.error(`gen:api: ${stale.map((f) => `web/src/api/${f}`).join(' and ')} differ from the API: run npm run gen:api`);
    return 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('gen:api failed:', err);
    process.exit(1);
  },
);
