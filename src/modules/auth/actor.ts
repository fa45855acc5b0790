import type { OrganisationKind } from '../../common/domain/vocabulary';

export const ROLE_NAMES = ['nonprofit_member', 'company_member', 'organiser', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** Who is acting: the authenticated user with what the access rules need. */
export interface Actor {
  userId: string;
  email: string;
  organisationId: string | null;
  organisationKind: OrganisationKind | null;
  isAdmin: boolean;
  organiserDistrictIds: string[];
  roles: RoleName[];
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
