import { SetMetadata } from '@nestjs/common';

/**
 * What an API key (partner integration) may do: one family per resource, `read` for GET and
 * HEAD, `write` for everything else; `webhooks:manage` and `events:read` stand alone. A key
 * granted `<family>:*` has both. Users signed in with a token are not limited by scopes (their
 * roles and the access rules decide); for a key, a route without a scope is closed.
 */
export const SCOPE_FAMILIES = ['organisations', 'needs', 'offers', 'matches', 'cooperations', 'marketplaces'] as const;
export type ScopeFamily = (typeof SCOPE_FAMILIES)[number];

export const API_SCOPES = [
  ...SCOPE_FAMILIES.flatMap((f) => [`${f}:read`, `${f}:write`] as const),
  /** the change feed, GET /v1/events */
  'events:read',
  /** webhook subscriptions and their deliveries */
  'webhooks:manage',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What a key may be granted: a scope, or `<family>:*` for both of a family. */
export const GRANTABLE_SCOPES = [...API_SCOPES, ...SCOPE_FAMILIES.map((f) => `${f}:*` as const)] as const;
export type GrantableScope = (typeof GRANTABLE_SCOPES)[number];

export const REQUIRED_SCOPE = 'marktplatz:scope';

/** The scope a route needs when called with an API key: a family (read for GET/HEAD, write otherwise) or one scope. */
export type ScopeRequirement = { family: ScopeFamily } | { scope: ApiScope };

/**
 * Opens a controller or route to API keys with the family's scope (`needs:read` for GET/HEAD,
 * `needs:write` for the rest) or with one named scope. A method's requirement overrides its class's.
 */
export const ApiScope = (familyOrScope: ScopeFamily | ApiScope) =>
  SetMetadata(REQUIRED_SCOPE, ((SCOPE_FAMILIES as readonly string[]).includes(familyOrScope) ? { family: familyOrScope } : { scope: familyOrScope }) as ScopeRequirement);

/** The scope a request needs: by its method for a family. */
export function requiredScope(requirement: ScopeRequirement, method: string): ApiScope {
  if ('scope' in requirement) return requirement.scope;
  const read = method === 'GET' || method === 'HEAD';
  return `${requirement.family}:${read ? 'read' : 'write'}` as ApiScope;
}

/** Whether the granted scopes include `needed` (directly or through `<family>:*`). */
export function grants(granted: readonly string[], needed: ApiScope): boolean {
  if (granted.includes(needed)) return true;
  const [family] = needed.split(':');
  return (SCOPE_FAMILIES as readonly string[]).includes(family) && granted.includes(`${family}:*`);
}
