import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DEMO_DISTRICTS, DEMO_NEEDS, DEMO_OFFERS, DEMO_ORGANISATIONS } from '../../src/bin/demo/demo-data';
import { DEMO_PASSWORD, demoEmail, seedDemo } from '../../src/bin/demo/seed';
import { CreateNeedDto } from '../../src/modules/needs/dto/need.dto';
import { CreateOfferDto } from '../../src/modules/offers/dto/offer.dto';
import { CreateOrganisationDto } from '../../src/modules/organisations/dto/organisation-input.dto';
import { createTestApp, TestApp } from '../utils/create-test-app';

describe('demo data (npm run demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { ownDatabase: 'demo' });
  });
  afterAll(() => t.close());

  it('passes the same validation as the API, money rule included', () => {
    const problems: string[] = [];
    const check = (cls: new () => object, plain: object, what: string) => {
      for (const e of validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true })) problems.push(`${what}: ${e.toString()}`);
    };
    const id = '00000000-0000-4000-8000-000000000000';
    for (const o of DEMO_ORGANISATIONS) {
      const { key: _k, districtSlug: _d, engagement, ...rest } = o;
      check(CreateOrganisationDto, { ...rest, districtId: id, website: o.website ?? undefined, engagement: engagement ? { causeAreas: engagement.causeAreas, districtIds: [id], yearlyHours: engagement.yearlyHours } : undefined }, o.key);
    }
    for (const n of DEMO_NEEDS) {
      const { orgKey: _o, startsInDays: _s, durationDays: _d, districtSlug: _ds, ...rest } = n;
      check(CreateNeedDto, rest, `need ${n.title}`);
    }
    for (const o of DEMO_OFFERS) {
      const { orgKey: _o, startsInDays: _s, durationDays: _d, districtSlugs: _ds, radiusKm, ...rest } = o;
      check(CreateOfferDto, { ...rest, radiusKm: radiusKm ?? undefined }, `offer ${o.title}`);
    }
    expect(problems).toEqual([]);
  });

  it('loads Stuttgart with its organisations, needs and offers once, and again changes nothing', async () => {
    const first = await seedDemo(t.ds);
    expect(first).toContain(`${DEMO_ORGANISATIONS.length} new organisations, ${DEMO_NEEDS.length} needs, ${DEMO_OFFERS.length} offers`);
    const again = await seedDemo(t.ds);
    expect(again).toContain('0 new organisations, 0 needs, 0 offers');

    const tree = await t.http.get('/v1/districts').expect(200);
    const stuttgart = tree.body.items.find((d: { slug: string }) => d.slug === 'stuttgart');
    expect(stuttgart.children).toHaveLength(DEMO_DISTRICTS.filter((d) => d.level === 'borough').length);
    expect(stuttgart.children.length).toBe(23);

    const login = await t.http.post('/v1/auth/login').send({ email: demoEmail(DEMO_ORGANISATIONS[0].key), password: DEMO_PASSWORD }).expect(200);
    const me = await t.http.get('/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body.organisation.name).toBe(DEMO_ORGANISATIONS[0].name);

    const umzug = await t.http.get(`/v1/needs?q=Umzug&districtId=${stuttgart.id}&limit=100`).expect(200);
    expect(umzug.body.items.length).toBeGreaterThan(0);
    const [{ pending }] = await t.ds.query(`SELECT count(*)::int AS pending FROM outbox o JOIN needs n ON n.id::text = o.payload->>'needId' JOIN organisations g ON g.id = n.organisation_id JOIN users u ON u.organisation_id = g.id WHERE u.email LIKE '%@demo.marktplatz.example'`);
    expect(pending).toBe(DEMO_NEEDS.length);
  });
});
