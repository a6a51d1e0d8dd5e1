// Serves the built web app (web/dist, `vite build`) from the API's own origin and process, so the
// session cookie is first-party and no CORS is needed: hashed files under /assets/ are cached for
// a year (their name changes with their content), index.html is revalidated on every load, and
// any other GET that names no file and is not a server route gets index.html (the app's router
// shows the page); they are gzip-compressed. Server routes — /api, /health, the e-mailed task pages under /tasks/act — are
// never answered here. Without a build, the app's paths answer a short page saying how to build it.
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Paths the API answers itself: the app's fallback must never shadow them. */
export const SERVER_PATH_PREFIXES = ['/api/', '/health', '/tasks/act/'];

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** web/dist of the repository this code runs from (src/ under jest, dist/src/ when compiled). */
export function defaultWebDistDir(from = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'web'))) return join(dir, 'web', 'dist');
    const parent = dirname(dir);
    if (parent === dir) return join(from, 'web', 'dist');
    dir = parent;
  }
}

const isServerPath = (path: string) => path === '/api' || SERVER_PATH_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p));

/** A GET for a page of the app: not a server route, and not a file (no extension). */
const isAppPage = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && !isServerPath(req.path) && extname(req.path) === '';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Greenlight: web app not built</title></head>
<body><h1>The web app is not built</h1>
<p>Build it with <code>npm run build</code> (or start with <code>npm start</code>, which builds it), then reload this page.</p>
<p>The API is running: <a href="/api/docs">/api/docs</a>.</p></body></html>
`;

export function serveWebApp(app: NestExpressApplication, distDir: string): void {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (!isAppPage(req)) return next();
      res.status(200).set('cache-control', REVALIDATE).type('html').send(NOT_BUILT_PAGE);
    });
    return;
  }
  // The app's files and pages go out gzip-compressed when the browser accepts it (the bundle is
  // about a third of its size compressed); the API's own answers are left as they are.
  app.use(compression({ filter: (req: Request, res: Response) => !isServerPath(req.path) && compression.filter(req, res) }));
  app.useStaticAssets(distDir, {
    index: false,
    // Only what the app build wrote; a dotfile or a missing file falls through to the routes (404).
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders: (res: Response, path: string) => {
      res.setHeader('cache-control', path.startsWith(join(distDir, 'assets') + '/') ? IMMUTABLE : REVALIDATE);
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isAppPage(req)) return next();
    res.set('cache-control', REVALIDATE).sendFile(index, (err) => {
      if (err) next(err);
    });
  });
}
