import { HttpStatus } from '@nestjs/common';

/**
 * Every error the API answers with has one of these stable codes. Clients switch on `code`,
 * never on the message. The HTTP status of each code is set here and nowhere else.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  INVALID_CURSOR: HttpStatus.BAD_REQUEST,
  MALFORMED_JSON: HttpStatus.BAD_REQUEST,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  WRONG_ORGANISATION_KIND: HttpStatus.FORBIDDEN,
  SELF_VERIFICATION: HttpStatus.FORBIDDEN,
  ROUTE_NOT_FOUND: HttpStatus.NOT_FOUND,
  NEED_NOT_FOUND: HttpStatus.NOT_FOUND,
  OFFER_NOT_FOUND: HttpStatus.NOT_FOUND,
  ORGANISATION_NOT_FOUND: HttpStatus.NOT_FOUND,
  DISTRICT_NOT_FOUND: HttpStatus.NOT_FOUND,
  USER_NOT_FOUND: HttpStatus.NOT_FOUND,
  MATCH_NOT_FOUND: HttpStatus.NOT_FOUND,
  JOB_NOT_FOUND: HttpStatus.NOT_FOUND,
  NOTIFICATION_NOT_FOUND: HttpStatus.NOT_FOUND,
  READINESS_CHECK_NOT_FOUND: HttpStatus.NOT_FOUND,
  QUESTIONNAIRE_NOT_FOUND: HttpStatus.NOT_FOUND,
  COOPERATION_NOT_FOUND: HttpStatus.NOT_FOUND,
  ROUND_NOT_FOUND: HttpStatus.NOT_FOUND,
  MARKETPLACE_NOT_FOUND: HttpStatus.NOT_FOUND,
  REGISTRATION_NOT_FOUND: HttpStatus.NOT_FOUND,
  VENUE_NOT_FOUND: HttpStatus.NOT_FOUND,
  PLAN_NOT_FOUND: HttpStatus.NOT_FOUND,
  SCHEDULE_NOT_FOUND: HttpStatus.NOT_FOUND,
  AGREEMENT_NOT_FOUND: HttpStatus.NOT_FOUND,
  MILESTONE_NOT_FOUND: HttpStatus.NOT_FOUND,
  DELIVERY_NOT_FOUND: HttpStatus.NOT_FOUND,
  SHORTLIST_ENTRY_NOT_FOUND: HttpStatus.NOT_FOUND,
  EMAIL_TAKEN: HttpStatus.CONFLICT,
  SLUG_TAKEN: HttpStatus.CONFLICT,
  INVALID_TRANSITION: HttpStatus.CONFLICT,
  NOT_EDITABLE: HttpStatus.CONFLICT,
  DISTRICT_IN_USE: HttpStatus.CONFLICT,
  READINESS_CHECK_REQUIRED: HttpStatus.CONFLICT,
  NOT_SHORTLISTABLE: HttpStatus.CONFLICT,
  PROPOSAL_EXISTS: HttpStatus.CONFLICT,
  AGREEMENT_IMMUTABLE: HttpStatus.CONFLICT,
  AGREEMENT_DRAFT_EXISTS: HttpStatus.CONFLICT,
  CONTENT_HASH_MISMATCH: HttpStatus.CONFLICT,
  COOPERATION_STATUS_CONFLICT: HttpStatus.CONFLICT,
  EVALUATION_EXISTS: HttpStatus.CONFLICT,
  REGISTRATION_CLOSED: HttpStatus.CONFLICT,
  CHECK_IN_NOT_POSSIBLE: HttpStatus.CONFLICT,
  SCHEDULE_NOT_CONFIGURED: HttpStatus.CONFLICT,
  SCHEDULE_OUTDATED: HttpStatus.CONFLICT,
  PRECONDITION_FAILED: HttpStatus.PRECONDITION_FAILED,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  MONEY_NOT_ALLOWED: HttpStatus.UNPROCESSABLE_ENTITY,
  SHORTLIST_OWN_ITEM: HttpStatus.UNPROCESSABLE_ENTITY,
  SHORTLIST_WRONG_KIND: HttpStatus.UNPROCESSABLE_ENTITY,
  PROPOSAL_NOT_POSSIBLE: HttpStatus.UNPROCESSABLE_ENTITY,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
  SERVICE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  FOLLOW_UP_EXISTS: HttpStatus.CONFLICT,
  FOLLOW_UP_NOT_POSSIBLE: HttpStatus.CONFLICT,
  /** The Idempotency-Key was first used for a different request (method, path, query or body). */
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  /** The first request with this Idempotency-Key is still running (Retry-After: 1). */
  IDEMPOTENCY_IN_PROGRESS: HttpStatus.CONFLICT,
  CONFLICTING_CREDENTIALS: HttpStatus.BAD_REQUEST,
  API_KEY_EXPIRED: HttpStatus.UNAUTHORIZED,
  API_KEY_REVOKED: HttpStatus.UNAUTHORIZED,
  INSUFFICIENT_SCOPE: HttpStatus.FORBIDDEN,
  API_CLIENT_NOT_FOUND: HttpStatus.NOT_FOUND,
  WEBHOOK_NOT_FOUND: HttpStatus.NOT_FOUND,
  WEBHOOK_DELIVERY_NOT_FOUND: HttpStatus.NOT_FOUND,
  WEBHOOK_URL_NOT_ALLOWED: HttpStatus.UNPROCESSABLE_ENTITY,
  /** Deleting an account: the password given to confirm it is wrong. */
  REAUTHENTICATION_FAILED: HttpStatus.FORBIDDEN,
  /** Deleting the account of an organisation's last member: delete the organisation instead. */
  LAST_MEMBER: HttpStatus.CONFLICT,
} as const satisfies Record<string, HttpStatus>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** One entry per offending field, e.g. { field: 'organisation.districtId', reason: 'isUuid', message: ... }. */
export interface FieldError {
  field: string;
  reason: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
