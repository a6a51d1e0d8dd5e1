// Structured logs: one pino logger per process, JSON lines on stdout (LOG_FORMAT=pretty: pino-pretty
// for a person at a terminal), at LOG_LEVEL. The API binds each request's correlation id through
// pino-http (src/observability/observability.module.ts); the worker mixes in the id of the activity
// being run (src/observability/correlation.ts) and forwards the Temporal SDK's own log lines here.
import { DefaultLogger, type LogEntry, type LogLevel as TemporalLogLevel } from '@temporalio/worker';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/env.schema';
import { currentCorrelationId } from './correlation';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Where lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
  /**
   * Add the current async context's correlation id to every line (the worker). The API leaves it
   * off: pino-http binds the request's id to the request's logger instead, once.
   */
  correlationMixin?: boolean;
  /** The process, e.g. "api" or "worker", on every line. */
  name?: string;
}

export function createLogger(config: Pick<AppConfig, 'LOG_LEVEL' | 'LOG_FORMAT'>, options: LoggerOptions = {}): Logger {
  const destination =
    options.destination ??
    (config.LOG_FORMAT === 'pretty' ? pretty({ sync: true, colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l' }) : pino.destination({ sync: true }));
  return pino(
    {
      level: config.LOG_LEVEL,
      name: options.name,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: options.correlationMixin
        ? () => {
            const correlationId = currentCorrelationId();
            return correlationId ? { correlationId } : {};
          }
        : undefined,
    },
    destination,
  );
}

const TEMPORAL_LEVELS: Record<TemporalLogLevel, Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
const TEMPORAL_LEVEL_OF: Record<AppConfig['LOG_LEVEL'], TemporalLogLevel> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

/**
 * The Temporal SDK's logger (Runtime.install({ logger })) writing through pino: the worker's, its
 * workflows' and its activities' lines, with the SDK's attributes (workflowId, activityType,
 * correlationId from the interceptors …) as fields.
 */
export function temporalLogger(logger: Logger, level: AppConfig['LOG_LEVEL']): DefaultLogger {
  const sdk = logger.child({ component: 'temporal' });
  return new DefaultLogger(TEMPORAL_LEVEL_OF[level], (entry: LogEntry) => {
    sdk[TEMPORAL_LEVELS[entry.level]]({ ...entry.meta }, entry.message);
  });
}
