import { EX_ID } from '../examples';
import { type ErrorCode } from './error-codes';
import { problemType } from './problem.filter';

/** What the OpenAPI generator knows about the operation an example problem answers. */
export interface ProblemContext {
  /** The operation's path with the example values of its path parameters: `/v1/needs/c3f1a2b4-…`. */
  instance: string;
  /** The path template (`/v1/needs/{id}`) and the example of each path parameter. */
  template: string;
  pathExamples: Record<string, string>;
  /** Path parameters that are UUIDs (ParseIdPipe answers 400 for anything else), in path order. */
  idParams: string[];
  /** Query parameters the operation takes. */
  queryParams: string[];
  /** Whether it takes a JSON body, and that body's properties. */
  hasBody: boolean;
  bodyFields: string[];
  isPublic: boolean;
  /** @Roles of the route (the guard's 403 names them). */
  roles: string[];
}

/** The members of a problem besides type, title, status, code and requestId. */
export interface ProblemExample {
  detail: string;
  instance?: string;
  [extra: string]: unknown;
}

type Example = ProblemExample | ((ctx: ProblemContext) => ProblemExample);

const field = (name: string, reason: string, message: string) => ({ field: name, reason, message });
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
const under = (ctx: ProblemContext, collection: string) => ctx.template.startsWith(`/v1/${collection}`);

/** 400 VALIDATION_FAILED as the operation most plausibly meets it: a malformed id, an unknown body field, a query out of range. */
function validationFailed(ctx: ProblemContext): ProblemExample {
  const id = ctx.idParams[0];
  if (id) {
    return {
      detail: `${id} must be a UUID.`,
      instance: fill(ctx.template, { ...ctx.pathExamples, [id]: 'not-a-uuid' }),
      errors: [field(id, 'isUuid', `${id} must be a UUID`)],
    };
  }
  if (ctx.hasBody) {
    const unknown = ['id', 'createdAt', 'ownerId'].find((f) => !ctx.bodyFields.includes(f)) ?? 'unexpected';
    return { detail: `1 field(s) failed validation: ${unknown}`, errors: [field(unknown, 'unknownField', `property ${unknown} should not exist`)] };
  }
  if (ctx.queryParams.includes('limit')) {
    return { detail: '1 field(s) failed validation: limit', instance: `${ctx.instance}?limit=500`, errors: [field('limit', 'max', 'limit must not be greater than 100')] };
  }
  const message = 'Idempotency-Key must be 1 to 255 visible ASCII characters (no spaces), e.g. a UUID; send it once.';
  return { detail: message, errors: [field('Idempotency-Key', 'idempotencyKeyFormat', message)] };
}

/** A plausible 403 of the operation: the guard's role check when it has @Roles, else the rule of its resource. */
function forbidden(ctx: ProblemContext): ProblemExample {
  if (ctx.roles.length) return { detail: `This action needs the role ${ctx.roles.join(' or ')}.`, requiredRoles: ctx.roles };
  const collection = ctx.template.split('/')[2] ?? '';
  return { detail: FORBIDDEN_BY_COLLECTION[collection] ?? "Only the organisation's members, the organisers of its district and admins can do this." };
}

/** Messages the services write, one typical per resource. */
const FORBIDDEN_BY_COLLECTION: Record<string, string> = {
  needs: 'Only members of the organisation that owns this need can change it.',
  offers: 'Only members of the organisation that owns this offer can change it.',
  organisations: 'Only members of this organisation can change its profile.',
  cooperations: 'Only the receiver of the proposal can accept it; the sender withdraws it with cancel.',
  marketplaces: "Only organisers of the event's district and admins can run this marketplace.",
  rounds: "Only the organisers of the round's district (and admins) may see or change it.",
  matches: 'Only members of the nonprofit or of the company of this match can react to it.',
  districts: "Only the district's organisers (and admins) may rematch it.",
  readiness: 'Only members of this organisation, organisers of its district and admins can read its readiness check.',
};

/**
 * One example per error code, with the message the code path really writes (ids from the
 * shared examples). Every code needs one: a new code in error-codes.ts fails the typecheck here.
 */
export const PROBLEM_EXAMPLES: Record<ErrorCode, Example> = {
  VALIDATION_FAILED: validationFailed,
  INVALID_CURSOR: {
    detail: 'The cursor is malformed or belongs to another sort order; start again without a cursor.',
    errors: [field('cursor', 'invalidCursor', 'cursor is not valid for this query')],
  },
  MALFORMED_JSON: { detail: 'The request body is not valid JSON.' },
  CONFLICTING_CREDENTIALS: { detail: 'Send either a bearer token (Authorization) or an API key (X-API-Key), not both.' },
  UNAUTHENTICATED: (ctx) =>
    ctx.isPublic
      ? { detail: 'The access token has expired; log in again.' }
      : { detail: 'Send a bearer token: Authorization: Bearer <accessToken> (from POST /v1/auth/login).' },
  INVALID_CREDENTIALS: { detail: 'E-mail or password is wrong.' },
  API_KEY_EXPIRED: {
    detail: 'The API client "Freiwilligenagentur Stuttgart: Bedarfe-Import" expired at 2027-12-31T23:00:00.000Z; its keys no longer work.',
    expiredAt: '2027-12-31T23:00:00.000Z',
  },
  API_KEY_REVOKED: {
    detail: 'The API client "Freiwilligenagentur Stuttgart: Bedarfe-Import" was revoked at 2027-01-05T08:00:00.000Z; its keys no longer work. Ask its owner for a new client.',
    revokedAt: '2027-01-05T08:00:00.000Z',
  },
  FORBIDDEN: forbidden,
  WRONG_ORGANISATION_KIND: { detail: 'Only members of a nonprofit can create needs.' },
  SELF_VERIFICATION: { detail: 'Members cannot verify their own organisation; another organiser of the district or an admin can.' },
  INSUFFICIENT_SCOPE: { detail: 'This API key lacks the scope needs:write.', requiredScope: 'needs:write', grantedScopes: ['needs:read', 'matches:read'] },
  ROUTE_NOT_FOUND: (ctx) => {
    const actions = ctx.instance.startsWith('/v1/offers') ? ['publish', 'pause', 'resume', 'exhaust', 'withdraw'] : ['publish', 'match', 'reopen', 'fulfil', 'withdraw'];
    return { detail: `Unknown action "archive". Actions: ${actions.join(', ')}.`, actions };
  },
  NEED_NOT_FOUND: { detail: `Need ${EX_ID.need} does not exist.` },
  OFFER_NOT_FOUND: { detail: `Offer ${EX_ID.offer} does not exist.` },
  ORGANISATION_NOT_FOUND: { detail: `Organisation ${EX_ID.nonprofit} does not exist.` },
  DISTRICT_NOT_FOUND: { detail: `District ${EX_ID.quarter} does not exist.` },
  USER_NOT_FOUND: { detail: `User ${EX_ID.organiser} does not exist.` },
  MATCH_NOT_FOUND: { detail: `Match ${EX_ID.match} does not exist (or was dismissed).` },
  JOB_NOT_FOUND: { detail: `Job rematch-district.${EX_ID.quarter}.${EX_ID.runId} does not exist or has expired.` },
  NOTIFICATION_NOT_FOUND: { detail: `Notification ${EX_ID.notification} does not exist.` },
  READINESS_CHECK_NOT_FOUND: {
    detail:
      'Schritt 3 ist noch offen: Für diese Organisation wurde noch kein Check zur Kooperationsbereitschaft ausgefüllt. / ' +
      'Step 3 is still open: no readiness check has been submitted for this organisation yet.',
    step: 3,
    organisationId: EX_ID.nonprofit,
    done: false,
    questionnaire: 'GET /v1/readiness/questionnaires/nonprofit',
    next: `POST /v1/organisations/${EX_ID.nonprofit}/readiness`,
  },
  QUESTIONNAIRE_NOT_FOUND: { detail: 'No active readiness questionnaire for nonprofit.' },
  COOPERATION_NOT_FOUND: { detail: `Cooperation ${EX_ID.cooperation} does not exist.` },
  ROUND_NOT_FOUND: { detail: `Round ${EX_ID.round} does not exist.` },
  MARKETPLACE_NOT_FOUND: { detail: `Marketplace ${EX_ID.marketplace} does not exist.` },
  REGISTRATION_NOT_FOUND: { detail: `Organisation ${EX_ID.nonprofit} is not registered for marketplace ${EX_ID.marketplace}.` },
  VENUE_NOT_FOUND: { detail: `Venue ${EX_ID.venue} is not a venue of round ${EX_ID.round}.` },
  PLAN_NOT_FOUND: { detail: `Round ${EX_ID.round} has no plan yet: POST /v1/rounds/${EX_ID.round}/plan first.` },
  SCHEDULE_NOT_FOUND: { detail: `Marketplace ${EX_ID.marketplace} has no published meeting schedule yet.` },
  AGREEMENT_NOT_FOUND: { detail: `Cooperation ${EX_ID.cooperation} has no agreement version 2.` },
  MILESTONE_NOT_FOUND: { detail: `Cooperation ${EX_ID.cooperation} has no milestone ${EX_ID.milestone}.` },
  DELIVERY_NOT_FOUND: { detail: `Cooperation ${EX_ID.cooperation} has no delivery ${EX_ID.delivery}.` },
  SHORTLIST_ENTRY_NOT_FOUND: { detail: `Shortlist entry ${EX_ID.shortlistEntry} does not exist on this shortlist.` },
  API_CLIENT_NOT_FOUND: { detail: `API client ${EX_ID.apiClient} does not exist.` },
  REAUTHENTICATION_FAILED: { detail: 'The password is wrong; nothing was deleted.' },
  LAST_MEMBER: {
    detail: 'You are the last member of your organisation: delete the organisation instead (DELETE /v1/organisations/{id}), which deletes your account with it.',
    organisationId: EX_ID.nonprofit,
  },
  WEBHOOK_NOT_FOUND: { detail: `Webhook subscription ${EX_ID.webhook} does not exist.` },
  WEBHOOK_DELIVERY_NOT_FOUND: { detail: `Delivery ${EX_ID.webhookDelivery} does not exist for this webhook.` },
  WEBHOOK_URL_NOT_ALLOWED: {
    detail: 'This webhook URL is not allowed: hooks.freiwilligenagentur.example resolves to 10.0.0.12, a private address.',
    errors: [field('url', 'forbiddenAddress', 'hooks.freiwilligenagentur.example resolves to 10.0.0.12, a private address')],
  },
  EMAIL_TAKEN: { detail: 'An account with the e-mail d.aksoy@jugendhaus-hallschlag.example exists already; log in instead.' },
  SLUG_TAKEN: { detail: 'The slug "hallschlag" is taken.' },
  INVALID_TRANSITION: (ctx) =>
    under(ctx, 'marketplaces')
      ? { detail: 'A draft marketplace cannot start. Allowed: open, cancel.', currentStatus: 'draft', action: 'start', allowedActions: ['open', 'cancel'] }
      : under(ctx, 'cooperations')
        ? { detail: 'A proposed cooperation cannot start. You may: accept, decline.', currentStatus: 'proposed', action: 'start', allowedActions: ['accept', 'decline'] }
        : under(ctx, 'offers')
          ? { detail: 'A draft offer cannot pause. Allowed: publish, withdraw.', currentStatus: 'draft', action: 'pause', allowedActions: ['publish', 'withdraw'] }
          : under(ctx, 'api-clients')
            ? { detail: `API client ${EX_ID.apiClient} is revoked: its keys cannot be rotated. Make a new client.`, currentStatus: 'revoked', allowedActions: [] }
            : { detail: 'A draft need cannot fulfil. Allowed: publish, withdraw.', currentStatus: 'draft', action: 'fulfil', allowedActions: ['publish', 'withdraw'] },
  NOT_EDITABLE: (ctx) =>
    under(ctx, 'rounds')
      ? { detail: 'A confirmed round cannot be changed.', currentStatus: 'confirmed' }
      : under(ctx, 'needs')
        ? { detail: 'A fulfilled need can no longer be changed.', currentStatus: 'fulfilled', editableStatuses: ['draft', 'published'] }
        : under(ctx, 'offers')
          ? { detail: 'A withdrawn offer can no longer be changed.', currentStatus: 'withdrawn', editableStatuses: ['draft', 'published', 'paused'] }
          : { detail: 'A running marketplace cannot be changed; only draft and open ones can.', currentStatus: 'running' },
  DISTRICT_IN_USE: { detail: 'Offers, organisations or organisers refer to this district; it cannot be deleted.' },
  READINESS_CHECK_REQUIRED: {
    detail:
      'Schritt 3 fehlt: Die Organisation hat den Check zur Kooperationsbereitschaft und -fähigkeit noch nicht ausgefüllt. / ' +
      'Step 3 is missing: the organisation has not completed the readiness check (readiness and capability to cooperate).',
    step: 3,
    organisationId: EX_ID.company,
    next: `POST /v1/organisations/${EX_ID.company}/readiness`,
  },
  NOT_SHORTLISTABLE: { detail: 'A withdrawn need cannot be shortlisted; only published or matched ones.', itemStatus: 'withdrawn' },
  PROPOSAL_EXISTS: {
    detail: `There is already an open cooperation for this pair (${EX_ID.cooperation}); answer or cancel it first.`,
    cooperationId: EX_ID.cooperation,
    location: `/v1/cooperations/${EX_ID.cooperation}`,
  },
  AGREEMENT_IMMUTABLE: { detail: 'Version 1 is signed by both parties and cannot be changed, signed again or deleted; draft a new version instead.' },
  AGREEMENT_DRAFT_EXISTS: { detail: 'Version 2 is still a draft: edit it (PUT) or delete it before drafting another.' },
  CONTENT_HASH_MISMATCH: {
    detail: 'The draft has changed since you read it: read it again (GET) and sign the current text.',
    currentHash: '9c1f0e3b5a7d2c4e6f8a0b1c3d5e7f9a2b4c6d8e0f1a3b5c7d9e2f4a6b8c0d1e',
    version: 2,
  },
  COOPERATION_STATUS_CONFLICT: {
    detail: 'Recording a delivery is possible while the cooperation is agreed or active or completed; it is accepted.',
    currentStatus: 'accepted',
    allowedStatuses: ['agreed', 'active', 'completed'],
  },
  EVALUATION_EXISTS: { detail: 'Your organisation has already evaluated this cooperation; each party evaluates once.' },
  REGISTRATION_CLOSED: { detail: 'Registrations can only be made while the marketplace is open; it is closed.', currentStatus: 'closed' },
  CHECK_IN_NOT_POSSIBLE: { detail: 'Check-in is on the day, while the marketplace is running; it is scheduled.', currentStatus: 'scheduled' },
  SCHEDULE_NOT_CONFIGURED: { detail: 'Set slotCount, slotMinutes and firstSlotAt on the marketplace (PATCH, while draft or open) before scheduling 1:1 meetings.' },
  SCHEDULE_OUTDATED: { detail: 'Version 2 has been superseded; the latest version is 3.', latestVersion: 3 },
  FOLLOW_UP_EXISTS: { detail: 'Your organisation has already answered the first follow-up; each side answers each stage once.' },
  FOLLOW_UP_NOT_POSSIBLE: {
    detail: 'The agreement is not signed by both sides yet: follow-ups are about signed agreements.',
    reason: 'notSigned',
    currentStatus: 'accepted',
  },
  IDEMPOTENCY_IN_PROGRESS: { detail: 'A request with this Idempotency-Key is still running. Retry in a second to get its response.' },
  PRECONDITION_FAILED: { detail: 'The record has changed since you read it (current ETag "4"). Read it again and retry.', currentVersion: 4 },
  PAYLOAD_TOO_LARGE: { detail: 'request entity too large' },
  UNSUPPORTED_MEDIA_TYPE: { detail: 'unsupported charset "LATIN1"' },
  MONEY_NOT_ALLOWED: {
    detail:
      'Marktplatz rule: everything but money. Needs and offers trade time, skills, logistics, goods, contacts or space; ' +
      'cash, euros and money donations are not accepted (Marktplatz für Gute Geschäfte: "alles außer Geld").',
    rule: 'everything-but-money',
    errors: [field('description', 'moneyNotAllowed', 'description names money ("500 euro"). Marktplatz rule: everything but money.')],
  },
  SHORTLIST_OWN_ITEM: { detail: 'This need is your own; the shortlist is for partners.' },
  SHORTLIST_WRONG_KIND: { detail: 'A company shortlists needs, not offers.', errors: [field('offerId', 'wrongKind', 'a company shortlists needs')] },
  PROPOSAL_NOT_POSSIBLE: {
    detail: 'A proposal names published needs and offers.',
    errors: [field('needId', 'notPublished', 'the need is draft; only published needs can be proposed on')],
  },
  IDEMPOTENCY_KEY_REUSED: {
    detail: 'This Idempotency-Key was first used for another request (POST /v1/needs, or a different body or query). Use a new key for a new request.',
  },
  RATE_LIMITED: (ctx) =>
    ctx.template.startsWith('/v1/auth/')
      ? { detail: 'Too many attempts. Wait a minute and try again.' }
      : { detail: 'This API client may make 300 requests per minute; try again in 17 s.', limit: 300, retryAfterSeconds: 17 },
  INTERNAL: { detail: 'An unexpected error occurred. The request id helps the operators find it.' },
  SERVICE_UNAVAILABLE: (ctx) =>
    ctx.template === '/health/live'
      ? { detail: 'A dependency is not available.', info: {}, error: {}, details: {} }
      : ctx.template.startsWith('/health/')
      ? {
          detail: 'A dependency is not available.',
          info: { postgres: { status: 'up' } },
          error: { redis: { status: 'down', message: 'no answer within 1000 ms' } },
          details: { postgres: { status: 'up' }, redis: { status: 'down', message: 'no answer within 1000 ms' } },
        }
      : ctx.template.startsWith('/v1/auth/')
        ? { detail: "Login is briefly unavailable: the rate limiter's Redis cannot be reached. Try again shortly.", dependency: 'redis' }
        : { detail: "The API is briefly unavailable: the rate limiter's Redis cannot be reached. Try again shortly.", dependency: 'redis' },
};

/** The whole problem+json body the API writes for `code` on this operation. */
export function problemExample(code: ErrorCode, status: number, ctx: ProblemContext): Record<string, unknown> {
  const entry = PROBLEM_EXAMPLES[code];
  const { detail, instance, ...extra } = typeof entry === 'function' ? entry(ctx) : entry;
  return { ...extra, type: problemType(code), title: code, status, code, detail, instance: instance ?? ctx.instance, requestId: EX_ID.request };
}

