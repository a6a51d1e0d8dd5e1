// Builds the configured Nest application (used by main.ts and by the e2e tests).
import 'reflect-metadata';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import cookieParser from 'cookie-parser';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config/env.schema';
import { AppModule, type AppOptions } from './app.module';
import { useBodyParsing } from './common/body-parsing';
import { ErrorFilter } from './common/error.filter';
import { InputSafetyInterceptor } from './common/input-safety.interceptor';
import { hardenOpenApiDocument } from './common/openapi';
import { createValidationPipe } from './common/validation';
import { defaultWebDistDir, serveWebApp } from './web-app/serve-web-app';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { useHttpObservability } from './observability/http-observability';
import { ApiMetrics } from './observability/metrics';

const LOG_LEVELS: Record<AppConfig['LOG_LEVEL'], LogLevel[]> = {
  debug: ['debug', 'log', 'warn', 'error'],
  info: ['log', 'warn', 'error'],
  warn: ['warn', 'error'],
  error: ['error'],
};

export interface CreateAppOptions extends AppOptions {
  /**
   * Build the module graph without instantiating providers (no database, no Temporal): enough to
   * read the routes and DTOs for the OpenAPI document (scripts/gen-api.ts), not to serve requests.
   */
  preview?: boolean;
  /** The built web app to serve at / (default: the repository's web/dist). */
  webDistDir?: string;
}

/** The OpenAPI document of an app built by createApp: served at /api/docs, written by `npm run gen:api`. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Greenlight API')
    .setDescription('Contract approval: submit contracts, follow their 15-step chain, decide tasks, audit cycle times.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Demo tokens: dev-<username>, e.g. dev-alice' })
    .build();
  return hardenOpenApiDocument(SwaggerModule.createDocument(app, doc));
}

export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const { preview, webDistDir, ...appOptions } = options;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, appOptions), {
    logger: preview ? false : LOG_LEVELS[config.LOG_LEVEL],
    preview: preview ?? false,
    // Held until the pino logger (nestjs-pino) takes over below, so boot lines are JSON too.
    bufferLogs: !preview,
    // Registered by useBodyParsing instead, with size limits and coded errors.
    bodyParser: false,
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  if (!preview) {
    app.useLogger(app.get(PinoNestLogger));
    // First: the correlation id and HTTP metrics cover every request, and /metrics is never the web app.
    useHttpObservability(app, app.get(ApiMetrics));
  }
  useBodyParsing(app);
  // req.cookies for the web app's session cookie (src/session); no signing: the value is a random id.
  app.use(cookieParser());
  serveWebApp(app, webDistDir ?? defaultWebDistDir());
  // Before every pipe: no string PostgreSQL cannot store and no runaway nesting gets any further.
  app.useGlobalInterceptors(new InputSafetyInterceptor());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
