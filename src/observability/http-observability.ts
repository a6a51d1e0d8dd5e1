// The API's HTTP observability, mounted first in createApp (src/app.factory.ts): every request gets
// a correlation id (a valid X-Request-Id, else a new UUID) echoed in the response and held in the
// async context for the Temporal client; each answer is counted and timed by route template; and
// GET /metrics serves the process's registry — outside /api, the auth guard and the OpenAPI document.
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { correlationIdFromRequest, REQUEST_ID_HEADER, runWithCorrelationId } from './correlation';
import type { ApiMetrics } from './metrics';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The matched route's template (never the raw path); files and unknown paths share one label. */
export function routeLabel(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  return 'unmatched';
}

export function useHttpObservability(app: INestApplication, metrics: ApiMetrics): void {
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const correlationId = correlationIdFromRequest(req.headers[REQUEST_ID_HEADER]);
    req.id = correlationId;
    res.setHeader('X-Request-Id', correlationId);
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const labels = { method: METHODS.has(req.method) ? req.method : 'OTHER', route: routeLabel(req), status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      end(labels);
    });
    runWithCorrelationId(correlationId, next);
  });
  app.use('/metrics', (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.path !== '/' && req.path !== '')) return next();
    metrics.text().then(
      (body) => res.status(200).type(metrics.contentType).send(req.method === 'HEAD' ? undefined : body),
      next,
    );
  });
}
