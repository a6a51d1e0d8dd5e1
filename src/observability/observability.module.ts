// The API process's logging and metrics in Nest: nestjs-pino with pino-http (one JSON line per
// request, the request's correlation id bound to every line logged while serving it), and the
// process's ApiMetrics, which count this process's committed audit rows (audit-metrics.ts).
import { type DynamicModule, Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env.schema';
import { attachAuditMetrics } from './audit-metrics';
import { correlationIdFromRequest, REQUEST_ID_HEADER } from './correlation';
import { createLogger, type Logger } from './logger';
import { ApiMetrics } from './metrics';

class AuditMetricsAttachment implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ApiMetrics) private readonly metrics: ApiMetrics,
  ) {}
  onModuleInit(): void {
    attachAuditMetrics(this.db, this.metrics.recordAuditEvents);
  }
}

@Global()
@Module({})
export class ObservabilityModule {
  /** With a logger given (tests capture lines), the API logs through it; otherwise to stdout per LOG_FORMAT. */
  static forRoot(config: AppConfig, logger?: Logger): DynamicModule {
    const root = logger ?? createLogger(config, { name: 'api' });
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger: root,
            // The id the first middleware chose (useHttpObservability); the fallback covers a request that bypassed it.
            genReqId: (req: IncomingMessage & { id?: unknown }) => (typeof req.id === 'string' ? req.id : correlationIdFromRequest(req.headers[REQUEST_ID_HEADER])),
            // req.log is the root logger with only { correlationId }; the request line adds req and res.
            quietReqLogger: true,
            // Scrapes and probes arrive every few seconds; a line each would drown the requests people make.
            autoLogging: { ignore: (req: IncomingMessage) => /^\/(metrics|health)(\?|$)/.test(req.url ?? '') },
            customAttributeKeys: { reqId: 'correlationId' },
          },
        }),
      ],
      providers: [{ provide: ApiMetrics, inject: [DataSource], useFactory: (db: DataSource) => new ApiMetrics(db) }, AuditMetricsAttachment],
      exports: [ApiMetrics],
    };
  }
}
