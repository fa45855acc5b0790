import type { OrganisationKind } from '../../common/domain/vocabulary';

export const ROLE_NAMES = ['nonprofit_member', 'company_member', 'organiser', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/**
 * A call made with an API key (a partner integration): the client, the key's visible prefix,
 * the scopes it was granted and the organisations it may act for. Such an actor acts for one of
 * those organisations (`organisationId`), with the user who created the client as `userId` (so
 * records name a person), and never with admin or organiser powers.
 */
export interface ApiClientPrincipal {
  id: string;
  name: string;
  keyPrefix: string;
  scopes: string[];
  organisationIds: string[];
}

/** Who is acting: the authenticated user with what the access rules need. */
export interface Actor {
  userId: string;
  email: string;
  organisationId: string | null;
  organisationKind: OrganisationKind | null;
  isAdmin: boolean;
  organiserDistrictIds: string[];
  roles: RoleName[];
  /** Set when the call was made with an API key instead of a user's token. */
  apiClient?: ApiClientPrincipal;
}

export function rolesOf(a: Pick<Actor, 'organisationKind' | 'isAdmin' | 'organiserDistrictIds'>): RoleName[] {
  const roles: RoleName[] = [];
  if (a.organisationKind === 'nonprofit') roles.push('nonprofit_member');
  if (a.organisationKind === 'company') roles.push('company_member');
  if (a.organiserDistrictIds.length) roles.push('organiser');
  if (a.isAdmin) roles.push('admin');
  return roles;
}

/** Members act for their organisation; admins act for every organisation. */
export const actsFor = (actor: Actor | undefined, organisationId: string) =>
  !!actor && (actor.isAdmin || actor.organisationId === organisationId);
