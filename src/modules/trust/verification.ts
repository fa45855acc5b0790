import type { OrganisationKind } from '../../common/domain/vocabulary';

/**
 * What an organiser checked before marking an organisation as verified (Prüfgrundlage):
 * - charitable_status: a nonprofit's Gemeinnützigkeit (Freistellungsbescheid or Feststellungsbescheid
 *   nach § 60a AO of the Finanzamt);
 * - commercial_register: a company's entry in the Handelsregister (GmbH, AG, KG, e.K. ...);
 * - trade_register: a company's Gewerbeanmeldung (Gewerberegister), for businesses without a
 *   Handelsregister entry (Einzelunternehmen).
 */
export const VERIFICATION_BASES = ['charitable_status', 'commercial_register', 'trade_register'] as const;
export type VerificationBasis = (typeof VERIFICATION_BASES)[number];

export const VERIFICATION_BASES_BY_KIND: Record<OrganisationKind, readonly VerificationBasis[]> = {
  nonprofit: ['charitable_status'],
  company: ['commercial_register', 'trade_register'],
};

export const VERIFICATION_BASIS_LABELS_DE: Record<VerificationBasis, string> = {
  charitable_status: 'Gemeinnützigkeit geprüft (Freistellungsbescheid)',
  commercial_register: 'Handelsregistereintrag geprüft',
  trade_register: 'Gewerbeanmeldung geprüft',
};

export const basisFitsKind = (kind: OrganisationKind, basis: VerificationBasis): boolean => VERIFICATION_BASES_BY_KIND[kind].includes(basis);

/** The verification columns of an organisation. */
export interface VerificationColumns {
  verifiedAt: Date | null;
  verificationBasis: VerificationBasis | null;
}

/** The public badge: whether, since when and on what grounds the organisation is verified (never by whom). */
export interface VerificationBadge {
  verified: boolean;
  verifiedAt: Date | null;
  basis: VerificationBasis | null;
}

export function verificationBadge(org: VerificationColumns): VerificationBadge {
  return org.verifiedAt ? { verified: true, verifiedAt: org.verifiedAt, basis: org.verificationBasis } : { verified: false, verifiedAt: null, basis: null };
}

/**
 * The one SQL condition "this organisation is verified", for other modules' queries (reports,
 * matches, shortlists): `WHERE ${isVerifiedSql('o')}` with `o` an alias of `organisations`.
 */
export const isVerifiedSql = (alias: string): string => `${alias}.verified_at IS NOT NULL`;

/**
 * The badge as a json object built in SQL (for queries that assemble their rows with
 * json_build_object), with verifiedAt as an ISO 8601 string in UTC like the API's other dates.
 */
export const verificationJsonSql = (alias: string): string =>
  `json_build_object('verified', ${alias}.verified_at IS NOT NULL,
     'verifiedAt', to_char(${alias}.verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
     'basis', ${alias}.verification_basis)`;
