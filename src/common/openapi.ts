import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { FieldErrorDto, ProblemDto } from './errors/problem.dto';

export const API_VERSION = '1.0.0';

/** The OpenAPI document, built from the controllers and DTOs. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Marktplatz API')
    .setDescription(
      'Marktplatz für Gute Geschäfte: nonprofits and companies agree on cooperations that trade time, skills, logistics ' +
        'and goods, everything but money. Errors are application/problem+json (RFC 9457) with a stable `code`.',
    )
    .setVersion(API_VERSION)
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto, FieldErrorDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // Public operations: anonymous, or with a token (which then widens what is visible).
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const op = item[method];
      if (op && !op.security) op.security = [{}, { bearer: [] }];
    }
  }
  return doc;
}

/** Keys sorted recursively, so the committed file is byte-for-byte deterministic. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}

export const serialiseOpenApi = (doc: OpenAPIObject) => `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
