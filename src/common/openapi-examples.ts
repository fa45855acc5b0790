import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import type { RouteEntry } from '../modules/auth/route-table';
import { ERROR_STATUS, type ErrorCode } from './errors/error-codes';
import { problemExample, type ProblemContext } from './errors/problem-examples';
import { addProblemCodes, PROBLEM_MEDIA_TYPE } from './errors/problem.dto';
import { EX_ID } from './examples';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Examples of path parameters, by the path segment before them (`needs/{id}`: a need's id) or,
 * for a parameter after another one, by its name. A new route whose path parameter is not here
 * (and has no @ApiParam example) makes the generator fail, naming it.
 */
const PATH_EXAMPLES: Record<string, string | number> = {
  'needs/{id}': EX_ID.need,
  'offers/{id}': EX_ID.offer,
  'districts/{id}': EX_ID.quarter,
  'organisations/{id}': EX_ID.nonprofit,
  'users/{id}': EX_ID.organiser,
  'matches/{id}': EX_ID.match,
  'jobs/{id}': `rematch-district.${EX_ID.quarter}.${EX_ID.runId}`,
  'notifications/{id}': EX_ID.notification,
  'questionnaires/{kind}': 'nonprofit',
  'shortlist/{entryId}': EX_ID.shortlistEntry,
  'cooperations/{id}': EX_ID.cooperation,
  'agreements/{version}': 1,
  'milestones/{mid}': EX_ID.milestone,
  'deliveries/{did}': EX_ID.delivery,
  'api-clients/{id}': EX_ID.apiClient,
  'rounds/{id}': EX_ID.round,
  'venues/{venueId}': EX_ID.venue,
  'marketplaces/{id}': EX_ID.marketplace,
  'registrations/{organisationId}': EX_ID.nonprofit,
  'brokers/{userId}': EX_ID.broker,
  'meeting-wishes/{partnerId}': EX_ID.company,
  'schedules/{version}': 2,
  'webhooks/{id}': EX_ID.webhook,
  'deliveries/{deliveryId}': EX_ID.webhookDelivery,
  '{action}': 'publish',
};

/** Header parameters declared in controllers (If-Match) and their example. */
const HEADER_EXAMPLES: Record<string, string> = { 'If-Match': '"3"' };

/**
 * The examples the decorators cannot give: path parameters (from the path), If-Match, a 401 on
 * every operation that checks a token when one is sent (public ones too: the AuthGuard refuses
 * an expired or malformed token everywhere), and one problem+json example per error code of
 * every error response, with the message that code path writes and the operation's own path.
 */
export function documentExamples(doc: OpenAPIObject, routes: RouteEntry[]): void {
  const byOperationId = new Map(routes.map((r) => [r.operationId, r]));
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const pathExamples = documentParameters(template, op);
      if (op.security?.some((s) => 'bearer' in s)) addProblemCodes(op.responses as Record<string, ResponseObject>, '401', ['UNAUTHENTICATED']);
      const route = op.operationId ? byOperationId.get(op.operationId) : undefined;
      documentProblems(op, {
        template,
        pathExamples,
        instance: template.replace(/\{(\w+)\}/g, (_, name: string) => pathExamples[name]),
        idParams: Object.keys(pathExamples).filter((name) => UUID.test(pathExamples[name])),
        queryParams: (op.parameters ?? []).filter((p): p is ParameterObject => !('$ref' in p) && p.in === 'query').map((p) => p.name),
        hasBody: !!op.requestBody,
        bodyFields: bodyFields(op, doc),
        isPublic: route?.isPublic ?? false,
        roles: route?.roles ?? [],
      });
    }
  }
}

/** Sets the examples of the operation's path and header parameters; returns the path ones. */
function documentParameters(template: string, op: OperationObject): Record<string, string> {
  const values: Record<string, string> = {};
  for (const param of op.parameters ?? []) {
    if ('$ref' in param) continue;
    if (param.in === 'header' && param.example === undefined && HEADER_EXAMPLES[param.name]) param.example = HEADER_EXAMPLES[param.name];
    if (param.in !== 'path') continue;
    if (param.example === undefined) {
      const before = new RegExp(`/([^/{}]+)/\\{${param.name}\\}`).exec(template)?.[1];
      const example = PATH_EXAMPLES[`${before}/{${param.name}}`] ?? PATH_EXAMPLES[`{${param.name}}`];
      if (example === undefined) throw new Error(`OpenAPI: no example for the path parameter {${param.name}} of ${template}; add one to PATH_EXAMPLES in src/common/openapi-examples.ts`);
      param.example = example;
    }
    values[param.name] = String(param.example);
  }
  return values;
}

function bodyFields(op: OperationObject, doc: OpenAPIObject): string[] {
  const body = op.requestBody && !('$ref' in op.requestBody) ? op.requestBody.content['application/json']?.schema : undefined;
  const schema = body && '$ref' in body ? doc.components?.schemas?.[body.$ref.split('/').pop()!] : body;
  return Object.keys((schema as SchemaObject | undefined)?.properties ?? {});
}

/** Every problem+json response gets one example per code its description lists (codes already given an example keep theirs). */
function documentProblems(op: OperationObject, ctx: ProblemContext): void {
  for (const [status, response] of Object.entries(op.responses)) {
    if (!response || '$ref' in response) continue;
    const media = response.content?.[PROBLEM_MEDIA_TYPE];
    if (!media) continue;
    const codes = response.description.split(', ').filter((c): c is ErrorCode => c in ERROR_STATUS);
    const given = (media.examples ?? {}) as Record<string, unknown>;
    const examples: Record<string, { summary: string; value: unknown } | ReferenceObject> = {};
    for (const code of codes) {
      if (ERROR_STATUS[code] !== Number(status)) throw new Error(`OpenAPI: ${op.operationId} lists ${code} under ${status}, but its status is ${ERROR_STATUS[code]}`);
      examples[code] = (given[code] as { summary: string; value: unknown } | undefined) ?? { summary: code, value: problemExample(code, Number(status), ctx) };
    }
    // A fresh object: responses may share one content object (src/common/openapi.ts).
    response.content = { ...response.content, [PROBLEM_MEDIA_TYPE]: { ...media, examples } };
  }
}
