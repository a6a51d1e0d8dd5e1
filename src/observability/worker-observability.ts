// A worker's observability: the Temporal SDK Runtime installed with the pino logger (the SDK's,
// the workflows' and the activities' log lines as JSON) and its Prometheus exporter, and the
// worker's own GET /metrics on METRICS_PORT, which serves this process's registry followed by the
// SDK's worker metrics (temporal_*), fetched from the exporter on a private loopback port. One
// scrape target per worker.
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { Runtime } from '@temporalio/worker';
import type { AppConfig } from '../config/env.schema';
import { temporalLogger, type Logger } from './logger';
import type { GreenlightMetrics } from './metrics';

/** A free loopback port (the SDK's exporter needs a fixed address to bind). */
async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Installs the process's Temporal Runtime (once, before any NativeConnection): logs through pino
 * and, unless METRICS_PORT is 0, the SDK's Prometheus exporter. Returns the exporter's URL.
 */
export async function installWorkerRuntime(config: Pick<AppConfig, 'LOG_LEVEL' | 'METRICS_PORT'>, logger: Logger): Promise<{ sdkMetricsUrl?: string }> {
  const sdkPort = config.METRICS_PORT === 0 ? undefined : await freeLoopbackPort();
  Runtime.install({
    logger: temporalLogger(logger, config.LOG_LEVEL),
    telemetryOptions: sdkPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkPort}` } } } : undefined,
  });
  return { sdkMetricsUrl: sdkPort ? `http://127.0.0.1:${sdkPort}/metrics` : undefined };
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** The SDK's exposition text, or nothing when it does not answer (the worker's own metrics still go out). */
async function sdkText(url: string | undefined, logger: Logger): Promise<string> {
  if (!url) return '';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok ? await res.text() : '';
  } catch (err) {
    logger.warn({ err }, 'Temporal SDK metrics exporter did not answer');
    return '';
  }
}

/** GET /metrics on host:port (0: a free port); anything else is 404. */
export async function startMetricsServer(opts: { host: string; port: number; metrics: GreenlightMetrics; sdkMetricsUrl?: string; logger: Logger }): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: this port serves GET /metrics only\n');
      return;
    }
    void (async () => {
      try {
        const [own, sdk] = await Promise.all([opts.metrics.text(), sdkText(opts.sdkMetricsUrl, opts.logger)]);
        const body = sdk ? `${own.endsWith('\n') ? own : `${own}\n`}${sdk}` : own;
        res.writeHead(200, { 'Content-Type': opts.metrics.contentType }).end(req.method === 'HEAD' ? undefined : body);
      } catch (err) {
        opts.logger.error({ err }, 'metrics collection failed');
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics collection failed\n');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
