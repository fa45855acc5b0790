import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../../modules/auth/password';
import { placeOf } from '../../modules/listings/geo';
import { District } from '../../modules/districts/district.entity';
import { Need } from '../../modules/needs/need.entity';
import { Offer } from '../../modules/offers/offer.entity';
import { Organisation } from '../../modules/organisations/organisation.entity';
import { User } from '../../modules/users/user.entity';
import { JobName } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import { EnvDto } from '../../config/env';
import { seedDemoWorkflow, type DemoTiming } from './cooperations';
import { DEMO_BROKER, seedDemoMarketplaces } from './marketplaces';
import { DEMO_DISTRICTS, DEMO_NEEDS, DEMO_OFFERS, DEMO_ORGANISATIONS } from './demo-data';
import { DEMO_ORGANISER, DEMO_PASSWORD, demoEmail } from './demo-logins';

export { DEMO_ORGANISER, DEMO_PASSWORD, demoEmail } from './demo-logins';

const DAY = 86_400_000;

/** Upserts the districts by slug; returns slug → district. */
export async function seedDistricts(manager: EntityManager): Promise<Map<string, District>> {
  const bySlug = new Map((await manager.find(District)).map((d) => [d.slug, d]));
  for (const d of DEMO_DISTRICTS) {
    if (bySlug.has(d.slug)) continue;
    const parent = d.parentSlug ? bySlug.get(d.parentSlug) : undefined;
    if (d.parentSlug && !parent) throw new Error(`demo district ${d.slug}: parent ${d.parentSlug} comes later or is missing`);
    const id = randomUUID();
    const row = manager.create(District, {
      id,
      name: d.name,
      slug: d.slug,
      level: d.level,
      parentId: parent?.id ?? null,
      lat: d.lat,
      lon: d.lon,
      ancestorIds: [...(parent?.ancestorIds ?? []), id],
    });
    bySlug.set(d.slug, await manager.save(row));
  }
  return bySlug;
}

/** The services' timing defaults (src/config/env.ts); `npm run demo` passes the configured values. */
const DEFAULT_TIMING: DemoTiming = (({ PROPOSAL_TTL_HOURS, PROPOSAL_REMINDER_HOURS, EVALUATION_WINDOW_DAYS }) => ({
  PROPOSAL_TTL_HOURS,
  PROPOSAL_REMINDER_HOURS,
  EVALUATION_WINDOW_DAYS,
}))(new EnvDto());

/**
 * Loads the demo city with its organisations (one member each, password DEMO_PASSWORD), their
 * published needs and offers, and announces those to the matching queue; then the cooperation
 * workflow (./cooperations.ts): the city's organiser, readiness checks, verifications, shortlists
 * and cooperations in every status; then the marketplaces (./marketplaces.ts): an upcoming event
 * with a published meeting schedule and a broker, and a round ready to plan. Idempotent: an
 * organisation whose demo member exists is left as it is, and so is every workflow record that exists.
 */
export async function seedDemo(ds: DataSource, now = new Date(), timing: DemoTiming = DEFAULT_TIMING): Promise<string> {
  const outbox = new OutboxService();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return ds.transaction(async (manager) => {
    const districts = await seedDistricts(manager);
    const slug = (s: string) => {
      const d = districts.get(s);
      if (!d) throw new Error(`demo data names unknown district ${s}`);
      return d;
    };
    const byId = new Map([...districts.values()].map((d) => [d.id, d]));
    const located = (org: Organisation, districtId: string) => placeOf(org, byId.get(districtId)!);
    const existing = new Set((await manager.find(User, { select: { email: true } })).map((u) => u.email));
    const orgs = new Map<string, Organisation>();
    for (const o of DEMO_ORGANISATIONS) {
      if (existing.has(demoEmail(o.key))) continue;
      const org = await manager.save(
        manager.create(Organisation, {
          kind: o.kind,
          legalForm: o.legalForm,
          name: o.name,
          description: o.description,
          street: o.street,
          postalCode: o.postalCode,
          city: o.city,
          lat: o.lat,
          lon: o.lon,
          districtId: slug(o.districtSlug).id,
          causeAreas: o.causeAreas,
          website: o.website,
          contactName: o.contactName,
          contactEmail: o.contactEmail,
          contactPhone: null,
          giveBacks: o.giveBacks,
          engagementCauseAreas: o.engagement?.causeAreas ?? [],
          engagementDistrictIds: (o.engagement?.districtSlugs ?? []).map((s) => slug(s).id),
          engagementYearlyHours: o.engagement?.yearlyHours ?? null,
        }),
      );
      await manager.insert(User, { email: demoEmail(o.key), passwordHash, displayName: o.contactName, organisationId: org.id, organiserDistrictIds: [] });
      orgs.set(o.key, org);
    }
    let needs = 0;
    let offers = 0;
    for (const n of DEMO_NEEDS) {
      const org = orgs.get(n.orgKey);
      if (!org) continue;
      const district = slug(n.districtSlug);
      const startsAt = new Date(now.getTime() + n.startsInDays * DAY);
      const need = await manager.save(
        manager.create(Need, {
          organisationId: org.id,
          title: n.title,
          description: n.description,
          category: n.category,
          tags: n.tags,
          quantity: n.quantity,
          unit: n.unit,
          startsAt,
          endsAt: new Date(startsAt.getTime() + n.durationDays * DAY),
          districtId: district.id,
          giveBack: n.giveBack,
          status: 'published',
          publishedAt: now,
          ...located(org, district.id),
        }),
      );
      await outbox.enqueue(manager, JobName.MatchNeed, { needId: need.id, version: need.version, change: 'published' });
      needs++;
    }
    for (const o of DEMO_OFFERS) {
      const org = orgs.get(o.orgKey);
      if (!org) continue;
      const startsAt = new Date(now.getTime() + o.startsInDays * DAY);
      const offer = await manager.save(
        manager.create(Offer, {
          organisationId: org.id,
          title: o.title,
          description: o.description,
          category: o.category,
          tags: o.tags,
          capacity: o.capacity,
          unit: o.unit,
          startsAt,
          endsAt: new Date(startsAt.getTime() + o.durationDays * DAY),
          districtIds: o.districtSlugs.map((s) => slug(s).id),
          radiusKm: o.radiusKm,
          homeDistrictId: org.districtId,
          status: 'published',
          publishedAt: now,
          ...located(org, org.districtId),
        }),
      );
      await outbox.enqueue(manager, JobName.MatchOffer, { offerId: offer.id, version: offer.version, change: 'published' });
      offers++;
    }
    const workflow = await seedDemoWorkflow(manager, { now, timing, outbox, districts, passwordHash });
    const markets = await seedDemoMarketplaces(manager, { now, outbox, districts, passwordHash });
    const statuses = Object.entries(workflow.byStatus)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    return (
      `demo data: ${districts.size} districts, ${orgs.size} new organisations, ${needs} needs, ${offers} offers ` +
      `(log in as e.g. ${demoEmail(DEMO_ORGANISATIONS[0]?.key ?? 'x')} / ${DEMO_PASSWORD})\n` +
      `demo workflow: ${workflow.readinessChecks} readiness checks, ${workflow.verifications} verifications, ` +
      `${workflow.shortlistEntries} shortlist entries, ${workflow.cooperations} cooperations${statuses ? ` (${statuses})` : ''}\n` +
      `organiser of ${districts.get(DEMO_ORGANISER.districtSlug)?.name ?? DEMO_ORGANISER.districtSlug} (reports, district views): ` +
      `${demoEmail(DEMO_ORGANISER.key)} / ${DEMO_PASSWORD}${workflow.organiserCreated ? '' : ' (exists)'}\n` +
      (markets.marketplaceCreated
        ? `demo marketplace: Bad Cannstatt in 3 weeks, ${markets.participants} participants, ${markets.meetingWishes} meeting wishes, ` +
          `${markets.meetingsScheduled} meetings scheduled and published; broker ${demoEmail(DEMO_BROKER.key)} / ${DEMO_PASSWORD}\n`
        : 'demo marketplace: exists\n') +
      (markets.roundCreated ? 'demo round: spring round for Stuttgart (draft, 3 venues): POST /v1/rounds/{id}/plan' : 'demo round: exists')
    );
  });
}
