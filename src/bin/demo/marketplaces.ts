/**
 * The demo's marketplaces (issue 5): an upcoming Marktplatz für Gute Geschäfte in Bad Cannstatt
 * with every demo organisation of the borough registered, meeting wishes between fitting pairs,
 * a published 1:1 meeting schedule made by the real scheduler (agendas, table plan), a broker for
 * the notary desk; and a spring round for the whole city in draft with three venues, ready for
 * the plan-round job. Idempotent: what exists is left as it is.
 */
import { EntityManager, In } from 'typeorm';
import { addDays, todayIn, zonedTime } from '../../common/time/calendar';
import { MarketplaceBroker } from '../../modules/marketplaces/broker.entity';
import { lowestCommonDistrict } from '../../modules/marketplaces/marketplaces.service';
import { Marketplace, MarketplaceRegistration, MeetingRequest, MeetingSchedule, Round, RoundVenue } from '../../modules/marketplaces/marketplace.entity';
import type { MeetingWish } from '../../modules/marketplaces/marketplace.machine';
import { slotSettings, writeScheduleVersion } from '../../modules/marketplaces/schedules.service';
import type { District } from '../../modules/districts/district.entity';
import { NotificationsService } from '../../modules/notifications/notifications.service';
import { Organisation } from '../../modules/organisations/organisation.entity';
import { User } from '../../modules/users/user.entity';
import type { OutboxService } from '../../queue/outbox.service';
import { DEMO_ORGANISATIONS } from './demo-data';
import { DEMO_ORGANISER, demoEmail } from './demo-logins';
import { fittingPairs } from './demo-pairs';

const DAY = 86_400_000;
const TZ = 'Europe/Berlin';
export const DEMO_MARKETPLACE_NAME = 'Marktplatz für Gute Geschäfte Bad Cannstatt';
export const DEMO_ROUND_NAME = 'Marktplätze Stuttgart – Frühjahrsrunde';
/** A volunteer of the Freiwilligenagentur who keeps the notary desk as broker (Makler); no organisation. */
export const DEMO_BROKER = { key: 'makler-cannstatt', displayName: 'Miriam Makler (Freiwilligenagentur)' } as const;
const BOROUGH = 'bad-cannstatt';

export interface DemoMarketplacesSummary {
  marketplaceCreated: boolean;
  participants: number;
  meetingWishes: number;
  meetingsScheduled: number;
  roundCreated: boolean;
}

/** YYYY-MM-DD of the Berlin day `days` after `now`. */
const berlinDay = (now: Date, days: number) => addDays(todayIn(TZ, now), days);

/**
 * The wishes of the borough's fitting pairs, best pair first, each organisation in at most five:
 * the nonprofit asks (must for the same category with shared tags, else would); the company
 * accepts, would meet too, has not answered yet (every 7th) or declines (every 11th).
 */
export function demoWishes(keys: ReadonlySet<string>): Array<{ nonprofitKey: string; companyKey: string; nonprofitWish: MeetingWish; companyWish: MeetingWish | null }> {
  const seen = new Set<string>();
  const load = new Map<string, number>();
  const out: ReturnType<typeof demoWishes> = [];
  for (const p of fittingPairs()) {
    const pairKey = `${p.nonprofit.key}|${p.company.key}`;
    if (!keys.has(p.nonprofit.key) || !keys.has(p.company.key) || seen.has(pairKey)) continue;
    if ((load.get(p.nonprofit.key) ?? 0) >= 5 || (load.get(p.company.key) ?? 0) >= 5) continue;
    seen.add(pairKey);
    load.set(p.nonprofit.key, (load.get(p.nonprofit.key) ?? 0) + 1);
    load.set(p.company.key, (load.get(p.company.key) ?? 0) + 1);
    const i = out.length + 1;
    const nonprofitWish: MeetingWish = p.fit === 1 && p.sharedTags > 0 ? 'must' : 'would';
    const companyWish: MeetingWish | null = i % 11 === 0 ? 'declined' : i % 7 === 0 ? null : i % 3 === 0 ? 'would' : 'accepted';
    out.push({ nonprofitKey: p.nonprofit.key, companyKey: p.company.key, nonprofitWish, companyWish });
  }
  return out;
}

export async function seedDemoMarketplaces(
  manager: EntityManager,
  options: { now: Date; outbox: OutboxService; districts: Map<string, District>; passwordHash: string },
): Promise<DemoMarketplacesSummary> {
  const summary: DemoMarketplacesSummary = { marketplaceCreated: false, participants: 0, meetingWishes: 0, meetingsScheduled: 0, roundCreated: false };
  const district = (slug: string) => {
    const d = options.districts.get(slug);
    if (!d) throw new Error(`demo marketplaces: district ${slug} missing`);
    return d;
  };
  const organiser = await manager.findOneByOrFail(User, { email: demoEmail(DEMO_ORGANISER.key) });

  // The broker (no organisation).
  const brokerEmail = demoEmail(DEMO_BROKER.key);
  if (!(await manager.existsBy(User, { email: brokerEmail }))) {
    await manager.insert(User, { email: brokerEmail, passwordHash: options.passwordHash, displayName: DEMO_BROKER.displayName, organisationId: null, organiserDistrictIds: [] });
  }
  const broker = await manager.findOneByOrFail(User, { email: brokerEmail });

  if (!(await manager.existsBy(Marketplace, { name: DEMO_MARKETPLACE_NAME }))) {
    summary.marketplaceCreated = true;
    // The borough's demo organisations, by their member's login.
    const demos = DEMO_ORGANISATIONS.filter((o) => options.districts.get(o.districtSlug)?.parentId === district(BOROUGH).id);
    const users = await manager.find(User, { where: { email: In(demos.map((o) => demoEmail(o.key))) } });
    const orgIds = new Map<string, string>();
    for (const o of demos) {
      const u = users.find((x) => x.email === demoEmail(o.key));
      if (u?.organisationId) orgIds.set(o.key, u.organisationId);
    }
    const orgs = await manager.findBy(Organisation, { id: In([...orgIds.values()]) });
    if (!orgs.length) throw new Error(`demo marketplaces: no demo organisations in ${BOROUGH}`);
    const byId = new Map([...options.districts.values()].map((d) => [d.id, d]));
    const quarterIds = [...new Set(orgs.map((o) => o.districtId))].sort();
    const paths = quarterIds.map((id) => byId.get(id)!.ancestorIds);

    const day = berlinDay(options.now, 21);
    const m = manager.create(Marketplace, {
      status: 'scheduled',
      roundId: null,
      districtId: lowestCommonDistrict(paths) ?? district(BOROUGH).id,
      quarterIds,
      name: DEMO_MARKETPLACE_NAME,
      place: 'Kursaal Bad Cannstatt, Königsplatz 1, 70372 Stuttgart',
      startsAt: zonedTime(day, '17:00', TZ),
      endsAt: zonedTime(day, '19:00', TZ),
      capacity: 40,
      tables: 8,
      slotCount: 6,
      slotMinutes: 15,
      firstSlotAt: zonedTime(day, '17:15', TZ),
      expectedParticipants: orgs.length,
      plannedValue: null,
    });
    await manager.insert(Marketplace, m);

    let n = 0;
    for (const o of demos) {
      const organisationId = orgIds.get(o.key);
      if (!organisationId) continue;
      await manager.insert(MarketplaceRegistration, {
        marketplaceId: m.id,
        organisationId,
        status: 'registered',
        invitedAt: new Date(options.now.getTime() - 14 * DAY),
        registeredAt: new Date(options.now.getTime() - (10 - (n % 5)) * DAY),
        listedPublicly: n % 2 === 0,
        // one arrives late: no meetings in the first slot
        unavailableSlots: n === 1 ? [0] : [],
        registeredByUserId: users.find((u) => u.organisationId === organisationId)?.id ?? null,
      });
      n++;
    }
    summary.participants = n;

    for (const w of demoWishes(new Set(orgIds.keys()))) {
      const nonprofitId = orgIds.get(w.nonprofitKey)!;
      await manager.insert(MeetingRequest, {
        marketplaceId: m.id,
        nonprofitId,
        companyId: orgIds.get(w.companyKey)!,
        requestedByOrganisationId: nonprofitId,
        nonprofitWish: w.nonprofitWish,
        companyWish: w.companyWish,
        // the matching worker scores the demo's listings after the seed: no score yet
        matchScore: 0,
        answeredAt: w.companyWish ? new Date(options.now.getTime() - 3 * DAY) : null,
      });
      summary.meetingWishes++;
    }

    // The schedule, made by the real scheduler, published by the organiser: agendas and table plan are there.
    const made = await writeScheduleVersion(manager, m, slotSettings(m)!, organiser.id);
    await manager.update(MeetingSchedule, { marketplaceId: m.id, version: made.version! }, { status: 'published', publishedAt: new Date(options.now.getTime() - DAY), publishedByUserId: organiser.id });
    summary.meetingsScheduled = made.meetingsHeld ?? 0;
    await new NotificationsService(manager.dataSource, options.outbox).notify(manager, {
      kind: 'meeting_schedule_published',
      organisationIds: [...orgIds.values()],
      params: { title: m.name, dueAt: m.startsAt.toISOString(), url: `/v1/marketplaces/${m.id}/agenda` },
      dedupeKey: `meeting_schedule_published:${m.id}`,
    });
    await manager.insert(MarketplaceBroker, { marketplaceId: m.id, userId: broker.id, appointedByUserId: organiser.id });
  }

  // A spring round for the city: draft with three venues; POST /v1/rounds/{id}/plan plans it.
  if (!(await manager.existsBy(Round, { name: DEMO_ROUND_NAME }))) {
    summary.roundCreated = true;
    const dates = [56, 63, 70].map((d) => berlinDay(options.now, d));
    const round = manager.create(Round, {
      status: 'draft',
      districtId: district(DEMO_ORGANISER.districtSlug).id,
      name: DEMO_ROUND_NAME,
      periodStart: dates[0],
      periodEnd: dates[2],
      candidateDates: dates,
      targetMin: 20,
      targetMax: 80,
      plan: null,
      planInputHash: null,
      plannedAt: null,
      confirmedAt: null,
      createdByUserId: organiser.id,
    });
    await manager.insert(Round, round);
    const venues: Array<[string, string, string, number, number, number, number, string[]]> = [
      ['cannstatt-mitte', 'Kursaal Bad Cannstatt', 'Königsplatz 1, 70372 Stuttgart', 48.8046, 9.2196, 120, 30, dates],
      ['feuerbach-ost', 'Freizeitheim Feuerbach', 'Wiener Straße 215, 70469 Stuttgart', 48.8124, 9.1706, 60, 15, [dates[0], dates[1]]],
      ['vaihingen-mitte', 'Bürgerhaus Vaihingen', 'Rathausplatz 1, 70563 Stuttgart', 48.7286, 9.1082, 80, 20, [dates[1], dates[2]]],
    ];
    for (const [slug, name, address, lat, lon, capacity, tables, availableDates] of venues) {
      await manager.insert(RoundVenue, { roundId: round.id, districtId: district(slug).id, name, address, lat, lon, capacity, tables, availableDates });
    }
  }
  return summary;
}
