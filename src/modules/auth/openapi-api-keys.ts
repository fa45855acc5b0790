import type { INestApplication } from '@nestjs/common';
import type { HeaderObject, OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { addProblemCodes } from '../../common/errors/problem.dto';
import { EX_ID } from '../../common/examples';
import { routeTable } from './route-table';

export const API_KEY_SCHEME = 'apiKey';

const RATE_LIMIT_HEADERS: Record<string, HeaderObject> = {
  'RateLimit-Limit': { description: "API keys: the client's requests per minute.", schema: { type: 'integer', example: 300 } },
  'RateLimit-Remaining': { description: 'API keys: requests left in the current window.', schema: { type: 'integer', example: 297 } },
  'RateLimit-Reset': { description: 'API keys: seconds until the window ends.', schema: { type: 'integer', example: 17 } },
};
const headerRefs = (names: string[]) => Object.fromEntries(names.map((n) => [n, { $ref: `#/components/headers/${n}` }]));

/**
 * Marks what API keys may call, from the routes' @ApiScope metadata (never by hand): each such
 * operation accepts the `apiKey` scheme, names its scope in `x-required-scope` and in its
 * description, takes `X-Organisation-Id`, and documents the key errors and rate-limit headers.
 */
export function documentApiKeys(app: INestApplication, doc: OpenAPIObject): void {
  const scopes = new Map(routeTable(app).flatMap((r) => (r.requiredScope ? [[r.operationId, r.requiredScope] as const] : [])));
  doc.components ??= {};
  doc.components.parameters = {
    ...doc.components.parameters,
    OrganisationId: {
      name: 'X-Organisation-Id',
      in: 'header',
      required: false,
      description: 'API keys acting for several organisations: the one this request acts for (required then; 400 if it is not among them). Ignored without a key.',
      schema: { type: 'string', format: 'uuid' },
      example: EX_ID.nonprofit,
    },
  };
  doc.components.headers = {
    ...doc.components.headers,
    ...RATE_LIMIT_HEADERS,
    'Retry-After': { description: 'Seconds to wait before the next request.', schema: { type: 'integer', example: 17 } },
  };
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const op = item[method] as (OperationObject & { 'x-required-scope'?: string }) | undefined;
      const scope = op?.operationId ? scopes.get(op.operationId) : undefined;
      if (!op || !scope) continue;
      op.security = [...(op.security ?? [{ bearer: [] }]), { [API_KEY_SCHEME]: [] }];
      op['x-required-scope'] = scope;
      op.description = [op.description, `API keys need the scope \`${scope}\`.`].filter(Boolean).join(' ');
      op.parameters = [...(op.parameters ?? []), { $ref: '#/components/parameters/OrganisationId' }];
      const responses = op.responses as Record<string, ResponseObject>;
      for (const [status, response] of Object.entries(responses)) {
        if (/^2\d\d$/.test(status)) response.headers = { ...response.headers, ...headerRefs(Object.keys(RATE_LIMIT_HEADERS)) };
      }
      // X-Organisation-Id naming an organisation the key does not act for; both credentials at once.
      addProblemCodes(responses, '400', ['VALIDATION_FAILED', 'CONFLICTING_CREDENTIALS']);
      addProblemCodes(responses, '401', ['UNAUTHENTICATED', 'API_KEY_EXPIRED', 'API_KEY_REVOKED']);
      addProblemCodes(responses, '403', ['INSUFFICIENT_SCOPE']);
      addProblemCodes(responses, '429', ['RATE_LIMITED']);
      responses['429'].headers = headerRefs([...Object.keys(RATE_LIMIT_HEADERS), 'Retry-After']);
    }
  }
}
