import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC } from '../auth/decorators';

export const IDEMPOTENCY_REFUSED = 'marktplatz:idempotency-refused';

/**
 * A POST route that refuses the Idempotency-Key header (400): for responses that must never be
 * stored, such as a secret shown once (an API key, a webhook secret). The OpenAPI document leaves
 * the header out there.
 */
export const NoIdempotencyKey = (reason: string) => SetMetadata(IDEMPOTENCY_REFUSED, reason);

export const PUBLIC_ROUTE_REASON =
  'Public routes (signup, login) do not take an Idempotency-Key: there is no principal to scope the key to, and their responses carry credentials, which are never stored.';

type MetadataOf = (key: string, targets: [Function, Function]) => unknown;

/**
 * Whether a route takes the header: undefined when it does, else why not. One rule for the
 * interceptor and the OpenAPI customiser: public routes and routes marked @NoIdempotencyKey refuse it.
 */
export function idempotencyRefusal(metadataOf: MetadataOf, handler: Function, controller: Function): string | undefined {
  const refused = metadataOf(IDEMPOTENCY_REFUSED, [handler, controller]);
  if (typeof refused === 'string') return refused;
  if (metadataOf(IS_PUBLIC, [handler, controller]) === true) return PUBLIC_ROUTE_REASON;
  return undefined;
}
