// The API serves the built web app from its own origin: hashed assets cached for a year,
// index.html revalidated and returned for every app path (the app's router shows the page), and
// the server's own routes (/api, /health, the e-mailed task pages) untouched. Without a build, the
// app's paths say how to build it. A fixture build in a temporary folder stands in for web/dist.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/env.schema';
import { token } from '../support/contracts';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-AbC123xy.js"></script></head><body><div id="root"></div></body></html>';

async function start(webDistDir: string): Promise<{ app: INestApplication; base: string }> {
  const app = await createApp(loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' }), { webDistDir });
  await app.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
}

/** Large enough (over compression's 1 KiB threshold) to be compressed. */
const BIG_ASSET = `export const rows = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `row ${i}`))};`;

describe('with a build', () => {
  let dist: string;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'greenlight-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-AbC123xy.js'), 'console.log("app");');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dist, 'assets', 'vendor-Big12345.js'), BIG_ASSET);
    ({ app, base } = await start(dist));
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  test.each(['/', '/inbox', '/contracts/new', '/tasks/0b9d7a8e-2c41-4e0b-9a57-7a0e6f1f2a10', '/ops/contracts', '/login'])('GET %s answers index.html, revalidated', async (path) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
  });

  test('hashed assets are cached for a year as immutable; other files are revalidated', async () => {
    const js = await fetch(`${base}/assets/index-AbC123xy.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log("app");');
    const icon = await fetch(`${base}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  test('the app goes out gzip-compressed to a browser that accepts it; the API does not', async () => {
    const js = await fetch(`${base}/assets/vendor-Big12345.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(await js.text()).toBe(BIG_ASSET);
    const plain = await fetch(`${base}/assets/vendor-Big12345.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const docs = await fetch(`${base}/api/docs-json`, { headers: { 'accept-encoding': 'gzip' } });
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-encoding')).toBeNull();
  });

  test('a missing file is a 404, not the app', async () => {
    const res = await fetch(`${base}/assets/index-missing.js`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('<div id="root">');
  });

  test('/api, /health and the e-mailed task pages are the server, never the app', async () => {
    const unknownApi = await fetch(`${base}/api/no-such-route`);
    expect(unknownApi.status).toBe(404);
    expect(((await unknownApi.json()) as { code: string }).code).toBe('NOT_FOUND');
    const contracts = await fetch(`${base}/api/contracts`, { headers: { authorization: `Bearer ${token('olivia')}` } });
    expect(contracts.status).toBe(200);
    expect(contracts.headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${base}/api/contracts`)).status).toBe(401);
    const health = await fetch(`${base}/health`);
    expect(health.headers.get('content-type')).toMatch(/json/);
    const taskPage = await fetch(`${base}/tasks/act/not-a-real-token`);
    expect(await taskPage.text()).not.toContain('<div id="root">');
    const docs = await fetch(`${base}/api/docs-json`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/json/);
  });

  test('only GET and HEAD get the app; a POST to an app path is not answered with it', async () => {
    const res = await fetch(`${base}/inbox`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});

describe('without a build', () => {
  let app: INestApplication;
  let base: string;
  let empty: string;

  beforeAll(async () => {
    empty = mkdtempSync(join(tmpdir(), 'greenlight-web-none-'));
    ({ app, base } = await start(join(empty, 'dist')));
  });

  afterAll(async () => {
    await app?.close();
    rmSync(empty, { recursive: true, force: true });
  });

  test('/ says how to build the app, and the API still works', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/npm run build/);
    expect((await fetch(`${base}/api/contracts`, { headers: { authorization: `Bearer ${token('olivia')}` } })).status).toBe(200);
  });
});
