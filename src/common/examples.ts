/**
 * The examples the OpenAPI document shows, in one place so that every DTO tells the same story:
 * the Jugendhaus am Hallschlag gGmbH (a nonprofit in the Quartier Hallschlag, Bad Cannstatt,
 * Stuttgart) needs helpers for its move ("Umzugshelfer"), the Autohaus Remsblick GmbH
 * (Neckarvorstadt, Bad Cannstatt) offers a team of its staff; they meet at the Marktplatz Bad
 * Cannstatt, agree an Engagement-Vereinbarung on a proposal and carry it out in March 2027. At
 * the Marktplatz Bad Cannstatt (15 April 2027, spring round) the two meet again and record a
 * second agreement at the Notartisch: painting the new rooms ("Räume streichen", need2). The
 * same need id appears in every need DTO, the same cooperation id in every cooperation DTO.
 *
 * Documentation only: nothing here is read at run time. Organisations, people and domains are
 * the fictional ones of the demo data (src/bin/demo/demo-data.ts).
 */
import 'reflect-metadata';

/** Ids (UUIDs; match ids are md5 digests in UUID shape, without RFC 4122 version bits). */
export const EX_ID = {
  city: '0b5e2c1a-7d4f-4e9a-8b3c-6f1d2e3a4b5c', // Stuttgart
  borough: '3c9e7f14-8a2b-4d6e-b5f0-71a2c3d4e5f6', // Bad Cannstatt
  quarter: 'e4a8b2c6-1d3f-4a5b-8c7d-9e0f1a2b3c4d', // Hallschlag
  quarter2: '5f6a7b8c-9d0e-4f1a-a2b3-c4d5e6f7a8b9', // Neckarvorstadt
  nonprofit: '7f0c2d4e-6a8b-4c1d-9e3f-5a7b9c1d3e5f', // Jugendhaus am Hallschlag gGmbH
  company: '2a4c6e8f-0b1d-4e3f-a5b7-c9d1e3f5a7b9', // Autohaus Remsblick GmbH
  nonprofitUser: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', // Deniz Aksoy
  companyUser: '4e5d6c7b-8a9f-4e0d-b1c2-d3e4f5a6b7c8', // Frank Scholl
  organiser: '6c1e3a5b-7d9f-4b2d-8e4f-0a1b2c3d4e5f', // Organiser of Bad Cannstatt
  broker: '8d2f4b6a-0c1e-4d3f-9a5b-7c9e1f3a5b7d', // Makler at the Marktplatz Bad Cannstatt
  admin: '1a3c5e7f-9b2d-4f6a-8c1e-3d5f7a9b1c2e', // a platform admin
  need: 'c3f1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  need2: 'c4a2b3c5-6e7f-4a81-9bac-1d2e3f4a5b6c', // Räume streichen nach dem Umzug
  offer: 'd8e7f6a5-b4c3-4d2e-9f1a-0b9c8d7e6f5a',
  match: '9e107d9d-372b-b682-6b8c-f7e8a1d4c3b2',
  match2: 'e4d909c2-90d0-fb1c-a068-ffaddf22cbd0', // need2 × offer
  cooperation: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  agreement: 'f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e',
  notaryCooperation: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', // recorded at the Marktplatz's Notartisch
  notaryAgreement: 'a0b1c2d3-e4f5-4a6b-8c7d-8e9fa0b1c2d3',
  milestone: '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
  delivery: '2d3e4f5a-6b7c-4d8e-9fa0-b1c2d3e4f5a6',
  update: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
  message: '4f5a6b7c-8d9e-4fa0-b1c2-d3e4f5a6b7c8',
  evaluation: '5a6b7c8d-9eaf-4b0c-91d2-e3f4a5b6c7d9',
  followUp: '6b7c8d9e-af0b-4c1d-82e3-f4a5b6c7d8e0',
  notification: '7c8d9eaf-0b1c-4d2e-93f4-a5b6c7d8e9f1',
  shortlistEntry: '8d9eaf0b-1c2d-4e3f-a4a5-b6c7d8e9f0a2',
  readinessCheck: '9eaf0b1c-2d3e-4f4a-b5b6-c7d8e9f0a1b3',
  questionnaire: 'af0b1c2d-3e4f-4a5b-86c7-d8e9f0a1b2c4',
  verificationEntry: 'b0c1d2e3-f4a5-4b6c-97d8-e9f0a1b2c3d5',
  round: 'c1d2e3f4-a5b6-4c7d-88e9-f0a1b2c3d4e6',
  venue: 'd2e3f4a5-b6c7-4d8e-99f0-a1b2c3d4e5f7',
  marketplace: 'e3f4a5b6-c7d8-4e9f-8a01-b2c3d4e5f6a8',
  registration: 'f4a5b6c7-d8e9-4f0a-9b12-c3d4e5f6a7b9',
  meetingWish: '0a5b6c7d-8e9f-4a0b-8c23-d4e5f6a7b8c0',
  meetingRequest: '1b6c7d8e-9f0a-4b1c-9d34-e5f6a7b8c9d1',
  meetingRequest2: '2c7d8e9f-0a1b-4c2d-8e45-f6a7b8c9d0e2',
  apiClient: '3d8e9f0a-1b2c-4d3e-9f56-a7b8c9d0e1f3',
  auditEntry: '4e9f0a1b-2c3d-4e4f-8a67-b8c9d0e1f2a4',
  runId: '5f0a1b2c-3d4e-4f5a-9b78-c9d0e1f2a3b5',
  request: '6a1b2c3d-4e5f-4a6b-8c89-d0e1f2a3b4c6',
  webhook: '7b2c3d4e-5f6a-4b7c-9d90-e1f2a3b4c5d7',
  webhookDelivery: '8c3d4e5f-6a7b-4c8d-8ea1-f2a3b4c5d6e8',
  event: '9d4e5f6a-7b8c-4d9e-9fb2-a3b4c5d6e7f9',
} as const;

/** Names, in the story above. */
export const EX_NAME = {
  city: 'Stuttgart',
  borough: 'Bad Cannstatt',
  quarter: 'Hallschlag',
  quarter2: 'Neckarvorstadt',
  nonprofit: 'Jugendhaus am Hallschlag gGmbH',
  company: 'Autohaus Remsblick GmbH',
  nonprofitUser: 'Deniz Aksoy',
  companyUser: 'Frank Scholl',
  organiser: 'Sabine Wörner',
  broker: 'Jonas Brenner',
  marketplace: 'Marktplatz Bad Cannstatt',
  round: 'Marktplatz-Runde Frühjahr 2027',
  venue: 'Kursaal Bad Cannstatt',
  needTitle: 'Umzugshelfer für den Umzug unseres Jugendtreffs',
  need2Title: 'Räume streichen nach dem Umzug',
  offerTitle: 'Mitarbeitende helfen beim Umzug',
} as const;

export const EX_EMAIL = {
  nonprofitUser: 'd.aksoy@jugendhaus-hallschlag.example',
  companyUser: 'f.scholl@autohaus-remsblick.example',
} as const;

/** Texts. */
export const EX_TEXT = {
  needDescription:
    'Im März ziehen wir in neue Räume am Hallschlag. Für Möbel, Küche und Sportgeräte brauchen wir kräftige Helferinnen und Helfer an zwei Samstagen.',
  offerDescription: 'Ein Team aus Werkstatt und Kundendienst packt bei Umzügen von Jugendtreffs und Vereinen mit an, auf Wunsch mit zwei Transportern.',
  giveBack: 'Dankeschön-Grillfest mit den Jugendlichen und Ihr Logo auf unserer Website.',
  nonprofitDescription:
    'Offener Treff für Jugendliche zwischen 12 und 21 Jahren mit Hausaufgabenhilfe, Kochabenden und Sportangeboten. Im Frühjahr ziehen wir in neue Räume und brauchen dafür tatkräftige Hilfe.',
  companyDescription: 'Autohaus mit Werkstatt und eigener Transporterflotte in Bad Cannstatt. Von unseren 60 Mitarbeitenden sind 14 Auszubildende.',
  proposal:
    'Guten Tag ins Jugendhaus, unser Team aus der Werkstatt hilft gern beim Umzug Ihres Jugendtreffs im März. Zwei Transporter bringen wir mit. Passt Ihnen ein kurzes Telefonat?',
  place: 'Jugendtreff Hallschlag, Am Römerkastell 12, 70376 Stuttgart',
  marketplacePlace: 'Kursaal Bad Cannstatt, Königsplatz 1, 70372 Stuttgart',
} as const;

/** Instants of the story (RFC 3339, UTC) and calendar days (YYYY-MM-DD, Europe/Berlin). */
export const EX_TIME = {
  organisationCreated: '2026-05-04T08:12:31.000Z',
  offerCreated: '2026-12-02T14:05:10.000Z',
  offerPublished: '2026-12-02T14:20:00.000Z',
  needCreated: '2027-01-11T09:30:12.000Z',
  needPublished: '2027-01-11T10:02:45.000Z',
  needUpdated: '2027-01-11T10:02:45.000Z',
  matched: '2027-01-11T10:03:02.000Z',
  listingStarts: '2027-03-06T08:00:00.000Z',
  listingEnds: '2027-03-13T17:00:00.000Z',
  proposed: '2027-01-14T10:00:00.000Z',
  proposalExpires: '2027-01-28T10:00:00.000Z',
  accepted: '2027-01-15T16:20:00.000Z',
  signedNonprofit: '2027-01-18T09:10:00.000Z',
  signedCompany: '2027-01-19T11:45:00.000Z',
  started: '2027-03-01T07:00:00.000Z',
  completed: '2027-04-01T06:00:00.000Z',
  evaluationDue: '2027-03-31T22:00:00.000Z',
  evaluationCloses: '2027-04-30T22:00:00.000Z',
  evaluated: '2027-04-03T15:30:00.000Z',
  delivered: '2027-03-13T16:00:00.000Z',
  confirmed: '2027-03-14T10:00:00.000Z',
  verified: '2026-06-10T12:00:00.000Z',
  roundCreated: '2026-11-20T09:00:00.000Z',
  roundPlanned: '2026-11-27T10:15:00.000Z',
  roundConfirmed: '2026-12-01T08:30:00.000Z',
  marketplaceCreated: '2026-12-01T08:30:00.000Z',
  marketplaceStarts: '2027-04-15T15:00:00.000Z', // 17:00 in Stuttgart
  marketplaceEnds: '2027-04-15T17:00:00.000Z',
  firstSlot: '2027-04-15T15:30:00.000Z',
  registered: '2027-03-22T13:45:00.000Z',
  brokerAppointed: '2027-04-01T10:00:00.000Z',
  scheduled: '2027-04-08T09:00:00.000Z',
  schedulePublished: '2027-04-09T08:00:00.000Z',
  checkedIn: '2027-04-15T14:52:00.000Z',
  notaryRecorded: '2027-04-15T16:20:00.000Z',
  followUpFirstDue: '2027-04-29T17:00:00.000Z',
  followUpSecondDue: '2027-07-15T17:00:00.000Z',
  followUpAnswered: '2027-04-30T08:15:00.000Z',
  notified: '2027-01-14T10:00:04.000Z',
  read: '2027-01-14T12:31:00.000Z',
  apiClientCreated: '2026-11-03T10:00:00.000Z',
  apiCall: '2027-01-11T09:30:12.000Z',
  report: '2027-01-02T07:00:00.000Z',
} as const;

export const EX_DAY = {
  agreementStarts: '2027-03-01',
  agreementEnds: '2027-03-31',
  milestoneDue: '2027-03-06',
  delivered: '2027-03-13',
  marketplace: '2027-04-15',
  reportFrom: '2026-01-01',
  reportTo: '2027-01-01',
} as const;

/**
 * The match of need and offer (default weights, 13 in all): same category, three shared tags,
 * descriptions with something in common, 1.8 km apart, 8 of 10 persons, the whole timeframe,
 * half the cause areas, the wanted Gegenleistung. Its reasons, as reasonsOf writes them.
 */
export const EX_MATCH = {
  score: 0.7015,
  distanceKm: 1.8,
  sharedTags: ['umzug', 'möbel', 'helfer'],
  components: [
    { name: 'category', value: 1, weight: 2, contribution: 0.1538 },
    { name: 'tags', value: 0.6, weight: 3, contribution: 0.1385 },
    { name: 'text', value: 0.35, weight: 2, contribution: 0.0538 },
    { name: 'distance', value: 0.6598, weight: 2, contribution: 0.1015 },
    { name: 'quantity', value: 0.8, weight: 1, contribution: 0.0615 },
    { name: 'timeframe', value: 1, weight: 1, contribution: 0.0769 },
    { name: 'causes', value: 0.5, weight: 1, contribution: 0.0385 },
    { name: 'giveBack', value: 1, weight: 1, contribution: 0.0769 },
  ],
  reasons: [
    'Gleiche Kategorie: Zeit.',
    'Gemeinsame Schlagworte: umzug, möbel, helfer.',
    'Die Beschreibungen haben einiges gemeinsam.',
    '1,8 km vom Unternehmen entfernt.',
    'Das Angebot deckt etwa 80 % des Bedarfs.',
    'Der Zeitraum passt vollständig.',
    'Die gewünschte Gegenleistung kann erbracht werden.',
  ],
};

/** The match of need2 (Räume streichen, 40 hours) and the offer (persons): fewer things in common. */
export const EX_MATCH2 = {
  score: 0.5015,
  reasons: ['Gleiche Kategorie: Zeit.', '1,8 km vom Unternehmen entfernt.', 'Der Zeitraum passt vollständig.', 'Die gewünschte Gegenleistung kann erbracht werden.'],
};

/** A cursor as `nextCursor` returns it: opaque to clients, base64url of the sort, the last row's sort value and id (see encodeCursor). */
export const exCursor = (s: string, v: string | number, id: string) => Buffer.from(JSON.stringify({ s, v, id })).toString('base64url');

/** The cursor after the need of the story in GET /v1/needs (newest first). */
export const EX_CURSOR = exCursor('-createdAt', EX_TIME.needCreated, EX_ID.need);

/** The sha256 of an agreement's content, as sent back when signing. */
export const EX_CONTENT_HASH = '4b6e1a9d0c3f7e2b8a5d6c1f0e9b8a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a19';

/** A JWT as login returns it: Deniz Aksoy's, valid for 12 hours (JWT_EXPIRES_IN) (the signature is made up). */
export const EX_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI5YjhhN2M2ZC01ZTRmLTRhM2ItOGMyZC0xZTBmOWE4YjdjNmQiLCJpYXQiOjE3OTk2NTk4MTIsImV4cCI6MTc5OTcwMzAxMn0.' +
  'N2FfYmX0kV4cA8q3eLw1sR6tY9uZ2oP5iD7gH0jK3lM';

/** The `verification` badge of the nonprofit of the story (VerificationBadgeDto's example). */
export const EX_BADGE = { verified: true, verifiedAt: EX_TIME.verified, basis: 'charitable_status' } as const;

/** The `verification` badge of the company of the story */
export const EX_COMPANY_BADGE = { verified: true, verifiedAt: '2026-07-01T09:00:00.000Z', basis: 'commercial_register' } as const;

/** Swagger's metadata key for a property's options (not exported by @nestjs/swagger). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/**
 * Examples for properties a DTO inherits (ListingDto's `id` is a need's id in NeedDto and an
 * offer's in OfferDto): merged into the inherited @ApiProperty options on this class only, the
 * parent keeps its own. Fails at start when a key names no documented property.
 */
export function ApiExamples(examples: Record<string, unknown>): ClassDecorator {
  return (target) => {
    for (const [key, example] of Object.entries(examples)) {
      const inherited = Reflect.getMetadata(API_MODEL_PROPERTIES, target.prototype, key) as Record<string, unknown> | undefined;
      if (!inherited) throw new Error(`@ApiExamples on ${target.name}: ${key} has no @ApiProperty to give an example to`);
      Reflect.defineMetadata(API_MODEL_PROPERTIES, { ...inherited, example }, target.prototype, key);
    }
  };
}
