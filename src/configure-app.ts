import { VersioningType, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { buildOpenApiDocument } from './common/openapi';
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, securityHeaders } from './common/http/security-headers';
import { JSON_MEDIA_TYPES } from './common/http/json-bodies.middleware';
import { createValidationPipe } from './common/http/validation';
import { APP_CONFIG, type AppConfig } from './config/env';

/** Everything main.ts, the tests and the OpenAPI script set up the same way. */
export function configureApp(app: INestApplication, options: { docs?: boolean; logger?: boolean } = {}): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  const express = app as NestExpressApplication;
  if (options.logger !== false) app.useLogger(app.get(Logger));
  // First, so that every response carries them, the body parser's 413 and 400 included.
  express.use(securityHeaders());
  express.set('trust proxy', trustProxy(config.TRUST_PROXY));
  // ETags are the records' versions, set by the controllers; none computed over error bodies.
  express.set('etag', false);
  express.disable('x-powered-by');
  express.useBodyParser('json', { limit: '256kb', type: JSON_MEDIA_TYPES });
  if (config.CORS_ORIGINS) {
    // Only the configured origins, compared exactly; another origin gets no CORS header at all (its
    // preflight falls through to a 404). No cookies (the API authenticates with headers), so no credentials.
    const origins = new Set(config.CORS_ORIGINS.split(','));
    express.use((_req: unknown, res: { vary(field: string): void }, next: () => void) => {
      res.vary('Origin');
      next();
    });
    app.enableCors({
      origin: (origin: string | undefined, callback: (err: Error | null, allow: boolean) => void) => callback(null, origin !== undefined && origins.has(origin)),
      credentials: false,
      maxAge: 600,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      allowedHeaders: CORS_ALLOWED_HEADERS,
    });
  }
  app.enableVersioning({ type: VersioningType.URI, prefix: 'v' });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (options.docs !== false) {
    // validatorUrl: 'none': Swagger UI would otherwise send the spec's URL to validator.swagger.io.
    SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json', swaggerOptions: { validatorUrl: 'none' } });
  }
}

function trustProxy(value: string): boolean | number | string {
  if (!value) return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
