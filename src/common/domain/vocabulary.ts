/**
 * Fixed vocabularies shared by organisations, needs, offers and (later) agreements.
 * Identifiers are English; German labels live beside them for user-facing texts.
 */

export const ORGANISATION_KINDS = ['nonprofit', 'company'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Rechtsformen. Nonprofit forms first, then company forms. */
export const NONPROFIT_LEGAL_FORMS = [
  'registered_association', // eingetragener Verein (e.V.)
  'ggmbh', // gemeinnützige GmbH
  'foundation', // Stiftung
  'church_parish', // Kirchengemeinde
  'social_enterprise', // Sozialunternehmen
  'initiative', // Bürgerinitiative / nicht eingetragene Initiative
  'cooperative', // Genossenschaft (eG)
] as const;
export const COMPANY_LEGAL_FORMS = [
  'gmbh',
  'ug', // UG (haftungsbeschränkt)
  'ag',
  'kg',
  'gmbh_co_kg',
  'ohg',
  'sole_trader', // Einzelunternehmen
  'freelancer', // Freiberufler
  'cooperative', // Genossenschaft (eG)
  'public_company', // kommunales Unternehmen / Anstalt
] as const;
export const LEGAL_FORMS = Array.from(new Set([...NONPROFIT_LEGAL_FORMS, ...COMPANY_LEGAL_FORMS]));
export type LegalForm = (typeof LEGAL_FORMS)[number];

export const LEGAL_FORM_LABELS_DE: Record<LegalForm, string> = {
  registered_association: 'eingetragener Verein (e.V.)',
  ggmbh: 'gemeinnützige GmbH (gGmbH)',
  foundation: 'Stiftung',
  church_parish: 'Kirchengemeinde',
  social_enterprise: 'Sozialunternehmen',
  initiative: 'Initiative',
  cooperative: 'Genossenschaft (eG)',
  gmbh: 'GmbH',
  ug: 'UG (haftungsbeschränkt)',
  ag: 'AG',
  kg: 'KG',
  gmbh_co_kg: 'GmbH & Co. KG',
  ohg: 'OHG',
  sole_trader: 'Einzelunternehmen',
  freelancer: 'Freiberufler',
  public_company: 'Kommunales Unternehmen',
};

/** Cause areas: the 17 UN Sustainable Development Goals. */
export const CAUSE_AREAS = [
  'no-poverty', // 1 Keine Armut
  'zero-hunger', // 2 Kein Hunger
  'good-health', // 3 Gesundheit und Wohlergehen
  'quality-education', // 4 Hochwertige Bildung
  'gender-equality', // 5 Geschlechtergleichheit
  'clean-water', // 6 Sauberes Wasser und Sanitäreinrichtungen
  'clean-energy', // 7 Bezahlbare und saubere Energie
  'decent-work', // 8 Menschenwürdige Arbeit und Wirtschaftswachstum
  'industry-innovation', // 9 Industrie, Innovation und Infrastruktur
  'reduced-inequalities', // 10 Weniger Ungleichheiten
  'sustainable-cities', // 11 Nachhaltige Städte und Gemeinden
  'responsible-consumption', // 12 Nachhaltige/r Konsum und Produktion
  'climate-action', // 13 Maßnahmen zum Klimaschutz
  'life-below-water', // 14 Leben unter Wasser
  'life-on-land', // 15 Leben an Land
  'peace-justice', // 16 Frieden, Gerechtigkeit und starke Institutionen
  'partnerships', // 17 Partnerschaften zur Erreichung der Ziele
] as const;
export type CauseArea = (typeof CAUSE_AREAS)[number];

/** Gegenleistungen: what a nonprofit can give back to a company. */
export const GIVE_BACK_KINDS = [
  'thank_you_event', // Dankeschön-Veranstaltung
  'volunteering_experience', // Engagement-Erfahrung für Mitarbeitende
  'visibility', // Sichtbarkeit (Logo, Website, Social Media)
  'press', // Pressearbeit
  'expertise', // Fachwissen (z. B. Inklusion, interkulturelle Kompetenz)
  'training', // Schulung / Workshop für Mitarbeitende
  'team_event', // Teamerlebnis
  'certificate', // Urkunde / Nachweis für CSR-Bericht
  'networking', // Kontakte ins Quartier
  'report', // Wirkungsbericht
] as const;
export type GiveBackKind = (typeof GIVE_BACK_KINDS)[number];

/** What is exchanged. Money is never a category: see MONEY rule in needs/offers. */
export const CATEGORIES = ['time', 'skills', 'logistics', 'goods', 'contacts', 'space'] as const;
export type Category = (typeof CATEGORIES)[number];

export const UNITS = ['hours', 'persons', 'items', 'trips', 'm2'] as const;
export type Unit = (typeof UNITS)[number];

export const DISTRICT_LEVELS = ['city', 'borough', 'quarter'] as const;
export type DistrictLevel = (typeof DISTRICT_LEVELS)[number];
