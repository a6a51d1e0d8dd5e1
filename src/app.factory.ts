// Builds the configured Nest application (used by main.ts and by the e2e tests).
import 'reflect-metadata';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config/env.schema';
import { AppModule, type AppOptions } from './app.module';
import { useBodyParsing } from './common/body-parsing';
import { ErrorFilter } from './common/error.filter';
import { InputSafetyInterceptor } from './common/input-safety.interceptor';
import { hardenOpenApiDocument } from './common/openapi';
import { createValidationPipe } from './common/validation';

const LOG_LEVELS: Record<AppConfig['LOG_LEVEL'], LogLevel[]> = {
  debug: ['debug', 'log', 'warn', 'error'],
  info: ['log', 'warn', 'error'],
  warn: ['warn', 'error'],
  error: ['error'],
};

export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    logger: LOG_LEVELS[config.LOG_LEVEL],
    // Registered by useBodyParsing instead, with size limits and coded errors.
    bodyParser: false,
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  useBodyParsing(app);
  // Before every pipe: no string PostgreSQL cannot store and no runaway nesting gets any further.
  app.useGlobalInterceptors(new InputSafetyInterceptor());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Greenlight API')
    .setDescription('Contract approval: submit contracts, follow their 15-step chain, decide tasks, audit cycle times.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Demo tokens: dev-<username>, e.g. dev-alice' })
    .build();
  SwaggerModule.setup('api/docs', app, () => hardenOpenApiDocument(SwaggerModule.createDocument(app, doc)), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
