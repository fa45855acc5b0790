import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_SCHEME, documentApiKeys } from '../modules/auth/openapi-api-keys';
import { operationIdOf } from '../modules/auth/route-table';
import { FieldErrorDto, ProblemDto } from './errors/problem.dto';
import { documentDeprecations } from './http/deprecation';

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
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Partner API key (mpk_<prefix>_<secret>) of an API client; see the scope each operation names.' }, API_KEY_SCHEME)
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto, FieldErrorDto],
    operationIdFactory: (controllerKey, methodKey) => operationIdOf(controllerKey, methodKey),
  });
  // Public operations: anonymous, or with a token (which then widens what is visible).
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const op = item[method];
      if (op && !op.security) op.security = [{}, { bearer: [] }];
    }
  }
  documentApiKeys(app, doc);
  documentDeprecations(doc);
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
