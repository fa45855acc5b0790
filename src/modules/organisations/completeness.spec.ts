import type { Organisation } from './organisation.entity';
import { completenessOf, COMPLETENESS_THRESHOLD } from './completeness';

const LONG = 'Wir sind ein gemeinnütziger Verein im Quartier und organisieren Nachbarschaftshilfe für ältere Menschen.';

/** A profile with every check passed; tests take fields away from it. */
function full(kind: 'nonprofit' | 'company', over: Partial<Organisation> = {}): Organisation {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind,
    name: kind === 'nonprofit' ? 'Nachbarschaftshilfe e.V.' : 'Weber Logistik GmbH',
    legalForm: kind === 'nonprofit' ? 'registered_association' : 'gmbh',
    description: LONG,
    street: 'Marktstraße 1',
    postalCode: '70372',
    city: 'Stuttgart',
    lat: 48.8049,
    lon: 9.2155,
    districtId: '00000000-0000-4000-8000-000000000002',
    causeAreas: ['no-poverty'],
    website: 'https://example.org',
    contactName: 'Anna Schneider',
    contactEmail: 'anna@example.org',
    contactPhone: null,
    giveBacks: kind === 'nonprofit' ? ['visibility'] : [],
    engagementCauseAreas: kind === 'company' ? ['quality-education'] : [],
    engagementDistrictIds: kind === 'company' ? ['00000000-0000-4000-8000-000000000003'] : [],
    engagementYearlyHours: kind === 'company' ? 120 : null,
    version: 1,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...over,
  } as Organisation;
}

/** An empty profile as signup leaves it. */
function empty(kind: 'nonprofit' | 'company'): Organisation {
  return full(kind, {
    legalForm: null,
    description: '',
    street: null,
    postalCode: null,
    city: null,
    lat: null,
    lon: null,
    causeAreas: [],
    website: null,
    contactName: null,
    contactEmail: null,
    giveBacks: [],
    engagementCauseAreas: [],
    engagementDistrictIds: [],
    engagementYearlyHours: null,
  });
}

describe('completenessOf', () => {
  it('uses 0.8 as the threshold', () => {
    expect(COMPLETENESS_THRESHOLD).toBe(0.8);
    expect(completenessOf(full('nonprofit')).threshold).toBe(0.8);
  });

  describe.each(['nonprofit', 'company'] as const)('a full %s profile', (kind) => {
    it('is complete with score 1 and nothing missing', () => {
      expect(completenessOf(full(kind))).toEqual({ score: 1, threshold: 0.8, complete: true, missing: [] });
    });
  });

  describe.each([
    ['nonprofit', ['description', 'legalForm', 'address', 'location', 'causeAreas', 'website', 'contactName', 'contactEmail', 'giveBacks']],
    [
      'company',
      [
        'description',
        'legalForm',
        'address',
        'location',
        'causeAreas',
        'website',
        'contactName',
        'contactEmail',
        'engagement.causeAreas',
        'engagement.districtIds',
        'engagement.yearlyHours',
      ],
    ],
  ] as const)('an empty %s profile', (kind, fields) => {
    it('misses every check, in order, each with a hint', () => {
      const c = completenessOf(empty(kind));
      expect(c.score).toBe(0);
      expect(c.complete).toBe(false);
      expect(c.missing.map((m) => m.field)).toEqual(fields);
      for (const m of c.missing) expect(m.hint.length).toBeGreaterThan(5);
    });
  });

  // One field taken away from a full profile: which check fails, and the resulting score.
  describe.each<[string, 'nonprofit' | 'company', Partial<Organisation>, string, number]>([
    ['description of 79 characters', 'nonprofit', { description: 'x'.repeat(79) }, 'description', 0.89],
    ['description padded with blanks', 'nonprofit', { description: `  ${'x'.repeat(70)}            ` }, 'description', 0.89],
    ['no legal form', 'nonprofit', { legalForm: null }, 'legalForm', 0.89],
    ['no street', 'nonprofit', { street: null }, 'address', 0.89],
    ['no postal code', 'nonprofit', { postalCode: null }, 'address', 0.89],
    ['no city', 'nonprofit', { city: null }, 'address', 0.89],
    ['no lat', 'nonprofit', { lat: null }, 'location', 0.89],
    ['no lon', 'nonprofit', { lon: null }, 'location', 0.89],
    ['no cause areas', 'nonprofit', { causeAreas: [] }, 'causeAreas', 0.89],
    ['no website', 'nonprofit', { website: null }, 'website', 0.89],
    ['no contact name', 'nonprofit', { contactName: null }, 'contactName', 0.89],
    ['no contact e-mail', 'nonprofit', { contactEmail: null }, 'contactEmail', 0.89],
    ['no give-backs', 'nonprofit', { giveBacks: [] }, 'giveBacks', 0.89],
    ['no engagement cause areas', 'company', { engagementCauseAreas: [] }, 'engagement.causeAreas', 0.91],
    ['no engagement districts', 'company', { engagementDistrictIds: [] }, 'engagement.districtIds', 0.91],
    ['no yearly hours', 'company', { engagementYearlyHours: null }, 'engagement.yearlyHours', 0.91],
    ['zero yearly hours', 'company', { engagementYearlyHours: 0 }, 'engagement.yearlyHours', 0.91],
    ['no website (company)', 'company', { website: null }, 'website', 0.91],
  ])('%s (%s)', (_name, kind, over, field, score) => {
    it(`misses only ${field} and scores ${score}, still complete`, () => {
      const c = completenessOf(full(kind, over));
      expect(c.missing.map((m) => m.field)).toEqual([field]);
      expect(c.score).toBe(score);
      expect(c.complete).toBe(true);
    });
  });

  it('accepts lat/lon of 0 (null checks, not truthiness)', () => {
    expect(completenessOf(full('nonprofit', { lat: 0, lon: 0 })).missing).toEqual([]);
  });

  it('a description of exactly 80 characters passes', () => {
    expect(completenessOf(full('nonprofit', { description: 'x'.repeat(80) })).missing).toEqual([]);
  });

  // Threshold behaviour: nonprofits have 9 checks, companies 11.
  describe.each<['nonprofit' | 'company', Partial<Organisation>, number, boolean]>([
    ['nonprofit', { website: null, giveBacks: [] }, 0.78, false], // 7/9
    ['nonprofit', { website: null }, 0.89, true], // 8/9
    ['company', { website: null, engagementYearlyHours: null }, 0.82, true], // 9/11
    ['company', { website: null, engagementYearlyHours: null, causeAreas: [] }, 0.73, false], // 8/11
  ])('%s with %o', (kind, over, score, complete) => {
    it(`scores ${score} and complete=${complete}`, () => {
      const c = completenessOf(full(kind, over));
      expect(c.score).toBe(score);
      expect(c.complete).toBe(complete);
    });
  });

  it('does not ask a nonprofit for engagement nor a company for give-backs', () => {
    const np = completenessOf(full('nonprofit', { engagementCauseAreas: [], engagementDistrictIds: [], engagementYearlyHours: null }));
    expect(np.missing).toEqual([]);
    const co = completenessOf(full('company', { giveBacks: [] }));
    expect(co.missing).toEqual([]);
  });
});
