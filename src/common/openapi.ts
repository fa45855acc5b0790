import type { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject, type ResponseObject } from '@nestjs/swagger';
import { API_KEY_SCHEME, documentApiKeys } from '../modules/auth/openapi-api-keys';
import { operationIdOf, routeTable } from '../modules/auth/route-table';
import { idempotencyRefusal } from '../modules/idempotency/idempotency.decorator';
import { IDEMPOTENCY_TTL_HOURS } from '../modules/idempotency/request-fingerprint';
import { addProblemCodes, FieldErrorDto, ProblemDto } from './errors/problem.dto';
import { documentDeprecations } from './http/deprecation';
import { documentExamples } from './openapi-examples';

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
    operationIdFactory: operationIdOf,
  });
  // Problem details carry extension members beside the standard ones (RFC 9457 §3.2): the
  // current status and allowed actions of a refused transition, the scope a key lacks, ...
  Object.assign(doc.components!.schemas!.ProblemDto, {
    additionalProperties: true,
    description: 'RFC 9457 problem details. Besides these members a problem may carry details of its code, e.g. currentStatus and allowedActions (INVALID_TRANSITION) or requiredScope (INSUFFICIENT_SCOPE).',
  });
  // Who may call, from the same @Public metadata the AuthGuard reads (a controller's
  // @ApiBearerAuth does not make its public routes private): public operations anonymously or
  // with a token (which then widens what is visible), every other one with a token.
  const publicOps = new Set(routeTable(app).filter((r) => r.isPublic).map((r) => r.operationId));
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const op = item[method];
      if (op) op.security = op.operationId && publicOps.has(op.operationId) ? [{}, { bearer: [] }] : [{ bearer: [] }];
    }
  }
  documentIdempotency(doc, idempotencyRefusals(app));
  documentBodyRefusals(doc);
  documentApiKeys(app, doc);
  documentDeprecations(doc);
  documentExamples(doc, routeTable(app));
  return doc;
}

/**
 * The operations that refuse Idempotency-Key (public routes, @NoIdempotencyKey), by operation id,
 * decided by the same rule as the interceptor, from the route table's metadata.
 */
function idempotencyRefusals(app: INestApplication): Set<string> {
  const reflector = new Reflector();
  const metadataOf = (key: string, targets: [Function, Function]) => reflector.getAllAndOverride<unknown>(key, targets);
  return new Set(routeTable(app).filter((r) => idempotencyRefusal(metadataOf, r.handlerRef, r.controllerRef)).map((r) => r.operationId));
}

/**
 * Every POST that takes Idempotency-Key documents the header, the Idempotent-Replayed header of
 * its success responses, and the two errors (409 IDEMPOTENCY_IN_PROGRESS with Retry-After,
 * 422 IDEMPOTENCY_KEY_REUSED) plus the 400 for a malformed key. New POST routes get it as they are added.
 */
function documentIdempotency(doc: OpenAPIObject, refused: Set<string>): void {
  doc.components ??= {};
  doc.components.parameters = {
    ...doc.components.parameters,
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        `Makes the POST safe to retry: the same key with the same request (method, path, query, body) within ${IDEMPOTENCY_TTL_HOURS} h ` +
        'replays the first response instead of executing again. 1–255 visible ASCII characters, e.g. a UUID; scoped to the ' +
        'user or API client. Error responses are not stored: a corrected retry with the same key executes.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
      example: '0b6f4d3e-2c1a-4f7b-9e8d-5a4c3b2a1f0e',
    },
  };
  doc.components.headers = {
    ...doc.components.headers,
    IdempotentReplayed: {
      description: 'Present (true) when this is the stored response of an earlier request with the same Idempotency-Key.',
      schema: { type: 'string', enum: ['true'], example: 'true' },
    },
    RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', example: 1 } },
  };
  for (const item of Object.values(doc.paths)) {
    const op = item.post as OperationObject | undefined;
    if (!op || (op.operationId && refused.has(op.operationId))) continue;
    op.parameters = [...(op.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
    for (const [status, response] of Object.entries(op.responses)) {
      if (response && /^2/.test(status) && !('$ref' in response)) {
        response.headers = { ...response.headers, 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } };
      }
    }
    const responses = op.responses as Record<string, ResponseObject>;
    addProblemCodes(responses, '400', ['VALIDATION_FAILED']);
    const inProgress = addProblemCodes(responses, '409', ['IDEMPOTENCY_IN_PROGRESS']);
    inProgress.headers = { ...inProgress.headers, 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };
    addProblemCodes(responses, '422', ['IDEMPOTENCY_KEY_REUSED']);
  }
}

/**
 * What every write operation answers before its own validation runs, whether it takes a body or
 * not (the parser reads whatever is sent): a body that is not JSON (400 MALFORMED_JSON), over the
 * 256 kB limit (413), or of another media type (415, JsonBodiesMiddleware).
 */
function documentBodyRefusals(doc: OpenAPIObject): void {
  for (const item of Object.values(doc.paths)) {
    for (const method of ['put', 'post', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const responses = op.responses as Record<string, ResponseObject>;
      addProblemCodes(responses, '400', ['MALFORMED_JSON']);
      addProblemCodes(responses, '413', ['PAYLOAD_TOO_LARGE']);
      addProblemCodes(responses, '415', ['UNSUPPORTED_MEDIA_TYPE']);
    }
  }
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
