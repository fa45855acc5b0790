import { VersioningType, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { buildOpenApiDocument } from './common/openapi';
import { createValidationPipe } from './common/http/validation';
import { APP_CONFIG, type AppConfig } from './config/env';

/** Everything main.ts, the tests and the OpenAPI script set up the same way. */
export function configureApp(app: INestApplication, options: { docs?: boolean; logger?: boolean } = {}): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  const express = app as NestExpressApplication;
  if (options.logger !== false) app.useLogger(app.get(Logger));
  express.set('trust proxy', trustProxy(config.TRUST_PROXY));
  // ETags are the records' versions, set by the controllers; none computed over error bodies.
  express.set('etag', false);
  express.disable('x-powered-by');
  express.useBodyParser('json', { limit: '256kb', type: ['application/json', 'application/*+json'] });
  if (config.CORS_ORIGINS) {
    app.enableCors({ origin: config.CORS_ORIGINS.split(','), exposedHeaders: ['ETag', 'X-Request-Id', 'Idempotent-Replayed', 'Retry-After'], allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'] });
  }
  app.enableVersioning({ type: VersioningType.URI, prefix: 'v' });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (options.docs !== false) {
    SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  }
}

function trustProxy(value: string): boolean | number | string {
  if (!value) return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
