import type { Organisation } from './organisation.entity';

export interface Completeness {
  /** Share of the profile checks passed, 0..1, two decimals. */
  score: number;
  /** UPJ step 1 counts as done from this share on. */
  threshold: number;
  complete: boolean;
  missing: Array<{ field: string; hint: string }>;
}

export const COMPLETENESS_THRESHOLD = 0.8;

type Check = { field: string; hint: string; ok: (o: Organisation) => boolean };

const common: Check[] = [
  { field: 'description', hint: 'Describe who you are and what you do in at least 80 characters.', ok: (o) => (o.description ?? '').trim().length >= 80 },
  { field: 'legalForm', hint: 'Name your legal form (Rechtsform).', ok: (o) => !!o.legalForm },
  { field: 'address', hint: 'Give street, postal code and city.', ok: (o) => !!(o.street && o.postalCode && o.city) },
  { field: 'location', hint: 'Give the coordinates of your address (lat, lon) so partners nearby find you.', ok: (o) => o.lat != null && o.lon != null },
  { field: 'causeAreas', hint: 'Choose at least one cause area.', ok: (o) => o.causeAreas.length > 0 },
  { field: 'website', hint: 'Add your website.', ok: (o) => !!o.website },
  { field: 'contactName', hint: 'Name a contact person.', ok: (o) => !!o.contactName },
  { field: 'contactEmail', hint: 'Give the contact person\'s e-mail address.', ok: (o) => !!o.contactEmail },
];
const nonprofit: Check[] = [
  { field: 'giveBacks', hint: 'Say what you can give back (Gegenleistung), e.g. a thank-you event or visibility.', ok: (o) => o.giveBacks.length > 0 },
];
const company: Check[] = [
  { field: 'engagement.causeAreas', hint: 'Choose the cause areas your company wants to support.', ok: (o) => o.engagementCauseAreas.length > 0 },
  { field: 'engagement.districtIds', hint: 'Choose the districts your company wants to engage in.', ok: (o) => o.engagementDistrictIds.length > 0 },
  { field: 'engagement.yearlyHours', hint: 'Estimate the volunteer hours your company can give per year.', ok: (o) => (o.engagementYearlyHours ?? 0) > 0 },
];

/** Profile completeness (UPJ step 1): which checks pass, and what is missing, in order. */
export function completenessOf(org: Organisation): Completeness {
  const checks = [...common, ...(org.kind === 'nonprofit' ? nonprofit : company)];
  const missing = checks.filter((c) => !c.ok(org)).map(({ field, hint }) => ({ field, hint }));
  const score = Math.round(((checks.length - missing.length) / checks.length) * 100) / 100;
  return { score, threshold: COMPLETENESS_THRESHOLD, complete: score >= COMPLETENESS_THRESHOLD, missing };
}
