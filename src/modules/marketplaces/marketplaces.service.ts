import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { assertIfMatch } from '../../common/http/etag';
import { decodeCursor, encodeCursor, Page } from '../../common/http/pagination';
import { APP_CONFIG, type AppConfig } from '../../config/env';
import type { Actor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import { EventsService } from '../events/events.service';
import { MARKETPLACE_EVENT_OF_STATUS } from '../events/event-types';
import { allowedActions, transition } from '../listings/state-machine';
import { NotificationsService } from '../notifications/notifications.service';
import { CreateMarketplaceDto, MarketplaceQueryDto, UpdateMarketplaceDto } from './dto/marketplace-input.dto';
import type { MarketplaceDto } from './dto/marketplace.dto';
import { MarketplaceBroker } from './broker.entity';
import { FollowUpsService } from './follow-ups.service';
import { Marketplace, MarketplaceRegistration, Round } from './marketplace.entity';
import { MARKETPLACE_MACHINE, ROUND_MACHINE, type MarketplaceAction, type MarketplaceStatus } from './marketplace.machine';

const SORT = 'startsAt';
export const marketplaceNotFound = (id: string) => new AppError('MARKETPLACE_NOT_FOUND', `Marketplace ${id} does not exist.`);

/** Lifecycle actions organisers take by hand (`schedule` belongs to the schedule-event job). */
export const MANUAL_ACTIONS = ['open', 'close', 'reopen', 'start', 'finish', 'report', 'cancel'] as const satisfies readonly MarketplaceAction[];
export type ManualAction = (typeof MANUAL_ACTIONS)[number];

/** The lowest district containing all given districts: the last common entry of their root-first ancestor paths. */
export function lowestCommonDistrict(paths: string[][]): string | undefined {
  if (!paths.length) return undefined;
  let common: string | undefined;
  for (let i = 0; ; i++) {
    const id = paths[0][i];
    if (id === undefined || !paths.every((p) => p[i] === id)) return common;
    common = id;
  }
}

/**
 * Marktplätze (events): created by the organisers of their district (or an ancestor) and admins,
 * listed publicly, walked through MARKETPLACE_MACHINE; `open` invites the best-matched
 * organisations of its Quartiere, `finish` records the no-shows and schedules the follow-ups,
 * and the `report` or `cancel` of a round's last open event finishes its round.
 */
@Injectable()
export class MarketplacesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly districts: DistrictsService,
    private readonly notifications: NotificationsService,
    private readonly followUps: FollowUpsService,
    private readonly events: EventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Organisers of the event's district (or an ancestor) and admins run it. */
  async runs(actor: Actor | undefined, m: Pick<Marketplace, 'districtId'>): Promise<boolean> {
    if (!actor) return false;
    return actor.isAdmin || (await this.districts.organises(actor, m.districtId));
  }

  async assertRuns(actor: Actor, m: Pick<Marketplace, 'districtId'>, what = 'run this marketplace'): Promise<void> {
    if (!(await this.runs(actor, m))) throw new AppError('FORBIDDEN', `Only organisers of the event's district and admins can ${what}.`);
  }

  /** Changing or acting on a locked marketplace: those who do not run it get 404 for a draft (they cannot see it), 403 otherwise. */
  private async assertRunsLocked(actor: Actor, m: Marketplace): Promise<void> {
    if (await this.runs(actor, m)) return;
    if (m.status === 'draft') throw marketplaceNotFound(m.id);
    throw new AppError('FORBIDDEN', "Only organisers of the event's district and admins can run this marketplace.");
  }

  /**
   * The one rule for the work on the day: those who run the event and the brokers (Makler)
   * appointed for this marketplace keep its notary desk, check participants in, read its
   * registrations and its table plan. Brokers do nothing else (no lifecycle actions, edits or appointments).
   */
  async mayBroker(actor: Actor | undefined, m: Pick<Marketplace, 'id' | 'districtId'>): Promise<boolean> {
    if (!actor) return false;
    if (await this.runs(actor, m)) return true;
    // Brokers are people appointed for the day: an API key never carries that role (nor its creator's).
    if (actor.apiClient) return false;
    return this.ds.getRepository(MarketplaceBroker).existsBy({ marketplaceId: m.id, userId: actor.userId });
  }

  async assertMayBroker(actor: Actor, m: Pick<Marketplace, 'id' | 'districtId'>, what: string): Promise<void> {
    if (!(await this.mayBroker(actor, m))) throw new AppError('FORBIDDEN', `Only the event's organisers, its brokers and admins can ${what}.`);
  }

  /** A marketplace as the actor may see it: drafts only for those who run it (everybody else: 404). */
  async get(actor: Actor | undefined, id: string): Promise<Marketplace> {
    const m = await this.ds.getRepository(Marketplace).findOneBy({ id });
    if (!m || (m.status === 'draft' && !(await this.runs(actor, m)))) throw marketplaceNotFound(id);
    return m;
  }

  async lock(manager: EntityManager, id: string): Promise<Marketplace> {
    const m = await manager.findOne(Marketplace, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!m) throw marketplaceNotFound(id);
    return m;
  }

  async create(actor: Actor, dto: CreateMarketplaceDto): Promise<Marketplace> {
    const districtId = await this.districtOf(dto.quarterIds);
    await this.assertRuns(actor, { districtId }, 'create a marketplace here');
    this.assertTimes(dto.startsAt, dto.endsAt, dto.firstSlotAt ?? null);
    return this.ds.getRepository(Marketplace).save({
      status: 'draft',
      roundId: null,
      districtId,
      quarterIds: dto.quarterIds,
      name: dto.name,
      place: dto.place ?? '',
      startsAt: dto.startsAt,
      endsAt: dto.endsAt,
      capacity: dto.capacity,
      tables: dto.tables,
      slotCount: dto.slotCount ?? null,
      slotMinutes: dto.slotMinutes ?? null,
      firstSlotAt: dto.firstSlotAt ?? null,
    });
  }

  /** Quartiere must exist and be quarters; the event belongs to the lowest district containing them all. */
  private async districtOf(quarterIds: string[]): Promise<string> {
    await this.districts.assertExist(quarterIds, 'quarterIds');
    const quarters = await Promise.all(quarterIds.map((id) => this.districts.cached(id)));
    const notQuarter = quarters.find((q) => q.level !== 'quarter');
    if (notQuarter) {
      throw new AppError('VALIDATION_FAILED', `${notQuarter.name} is not a Quartier.`, {
        errors: [{ field: 'quarterIds', reason: 'notQuarter', message: `district ${notQuarter.id} is a ${notQuarter.level}, not a quarter` }],
      });
    }
    const common = lowestCommonDistrict(quarters.map((q) => q.ancestorIds));
    if (!common) {
      throw new AppError('VALIDATION_FAILED', 'The Quartiere belong to different cities.', {
        errors: [{ field: 'quarterIds', reason: 'noCommonDistrict', message: 'the Quartiere must lie in one city' }],
      });
    }
    return common;
  }

  private assertTimes(startsAt: Date, endsAt: Date, firstSlotAt: Date | null): void {
    if (endsAt.getTime() <= startsAt.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'The event must end after it starts.', { errors: [{ field: 'endsAt', reason: 'beforeStart', message: 'endsAt must be after startsAt' }] });
    }
    if (firstSlotAt && (firstSlotAt < startsAt || firstSlotAt >= endsAt)) {
      throw new AppError('VALIDATION_FAILED', 'The first slot must begin during the event.', {
        errors: [{ field: 'firstSlotAt', reason: 'outsideEvent', message: 'firstSlotAt must lie between startsAt and endsAt' }],
      });
    }
  }

  /** Organisers change a draft or open event; a larger capacity moves the waitlist up. */
  async update(actor: Actor, id: string, dto: UpdateMarketplaceDto, ifMatch?: string): Promise<Marketplace> {
    return this.ds.transaction(async (manager) => {
      const m = await this.lock(manager, id);
      await this.assertRunsLocked(actor, m);
      assertIfMatch(ifMatch, m.version);
      if (m.status !== 'draft' && m.status !== 'open') {
        throw new AppError('NOT_EDITABLE', `A ${m.status} marketplace cannot be changed; only draft and open ones can.`, { currentStatus: m.status });
      }
      const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<Marketplace>;
      const next = { ...m, ...changes } as Marketplace;
      this.assertTimes(next.startsAt, next.endsAt, next.firstSlotAt);
      const registered = await this.countRegistered(manager, id);
      if (next.capacity < registered) {
        throw new AppError('VALIDATION_FAILED', `${registered} organisations are registered; the capacity cannot be lower.`, {
          errors: [{ field: 'capacity', reason: 'belowRegistered', message: `capacity must be at least ${registered}` }],
        });
      }
      Object.assign(m, changes);
      const saved = await manager.save(m);
      if (saved.status === 'open') await this.fillFromWaitlist(manager, saved);
      return saved;
    });
  }

  async list(actor: Actor | undefined, query: MarketplaceQueryDto): Promise<Page<Marketplace>> {
    const limit = query.limit ?? 20;
    const qb = this.ds.getRepository(Marketplace).createQueryBuilder('m');
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    else qb.andWhere(`m.status NOT IN ('draft', 'cancelled')`);
    if (query.status === 'draft') {
      // drafts: only those the actor runs
      if (!actor) qb.andWhere('false');
      else if (!actor.isAdmin) qb.andWhere('m.district_id = ANY(:mine)', { mine: await this.districts.organisedDistricts(actor) });
    }
    if (query.districtId) qb.andWhere('(m.district_id = ANY(:districtIds) OR m.quarter_ids && :districtIds::uuid[])', { districtIds: await this.districts.subtreeIds(query.districtId) });
    // default: upcoming and still going on (a running event that began an hour ago is listed)
    if (query.from) qb.andWhere('m.starts_at >= :from', { from: query.from });
    else if (!query.to) qb.andWhere('m.ends_at >= now()');
    if (query.to) qb.andWhere('m.starts_at < :to', { to: query.to });
    const cursor = decodeCursor(query.cursor, SORT);
    if (cursor) qb.andWhere('(m.starts_at, m.id) > (:cv, :cid)', { cv: cursor.v, cid: cursor.id });
    const rows = await qb.orderBy('m.starts_at', 'ASC').addOrderBy('m.id', 'ASC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ s: SORT, v: last.startsAt.toISOString(), id: last.id }) : null };
  }

  /**
   * One lifecycle action in one transaction, with what the action brings (invitations; no-shows
   * and follow-ups; cancellation notices; the round finished after its last event).
   */
  async act(actor: Actor, id: string, action: ManualAction, ifMatch?: string): Promise<Marketplace> {
    return this.ds.transaction(async (manager) => {
      // report and cancel may finish the event's round: lock the round first, as RoundsService.cancel
      // does (round, then its marketplaces), so the two never wait for each other crosswise.
      const roundId = action === 'report' || action === 'cancel' ? (await manager.findOne(Marketplace, { where: { id }, select: { id: true, roundId: true } }))?.roundId : null;
      if (roundId) await manager.findOne(Round, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      const m = await this.lock(manager, id);
      await this.assertRunsLocked(actor, m);
      assertIfMatch(ifMatch, m.version);
      const from = m.status;
      m.status = transition(MARKETPLACE_MACHINE, m.status, action, 'marketplace');
      const saved = await manager.save(m);
      await this.emitStatus(manager, saved, from);
      if (action === 'open') await this.invite(manager, saved);
      if (action === 'finish') {
        await this.recordNoShows(manager, saved);
        await this.followUps.schedule(manager, saved);
      }
      if (action === 'cancel') await this.announceCancellation(manager, saved);
      if (roundId) await this.finishRoundIfDone(manager, roundId);
      return saved;
    });
  }

  /**
   * marketplace.<status> for partners (public), in the transaction of the change. Nothing is
   * announced about drafts: a draft cancelled before it was opened emits nothing.
   */
  async emitStatus(manager: EntityManager, m: Marketplace, from: MarketplaceStatus): Promise<void> {
    if (m.status === 'draft' || (from === 'draft' && m.status === 'cancelled') || m.status === from) return;
    await this.events.emit(manager, {
      type: MARKETPLACE_EVENT_OF_STATUS[m.status],
      organisationIds: [],
      public: true,
      districtId: m.districtId,
      data: {
        marketplaceId: m.id,
        name: m.name,
        status: m.status,
        previousStatus: from,
        districtId: m.districtId,
        quarterIds: m.quarterIds,
        roundId: m.roundId,
        startsAt: m.startsAt.toISOString(),
        endsAt: m.endsAt.toISOString(),
      },
    });
  }

  /**
   * A confirmed round is finished once every one of its events is reported or cancelled, at least
   * one of them reported (a round whose events were all cancelled stays confirmed: its organisers
   * cancel it). Call with the round's row lock held. Returns whether it finished the round.
   */
  async finishRoundIfDone(manager: EntityManager, roundId: string): Promise<boolean> {
    const round = await manager.findOne(Round, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
    if (!round || round.status !== 'confirmed') return false;
    const [counts] = (await manager.query(
      `SELECT count(*) FILTER (WHERE status NOT IN ('reported', 'cancelled'))::int AS open, count(*) FILTER (WHERE status = 'reported')::int AS reported
         FROM marketplaces WHERE round_id = $1`,
      [roundId],
    )) as Array<{ open: number; reported: number }>;
    if (counts.open > 0 || counts.reported === 0) return false;
    round.status = transition(ROUND_MACHINE, round.status, 'finish', 'round');
    await manager.save(round);
    return true;
  }

  /**
   * Invitations: organisations with published needs or offers in the Quartiere that have matches
   * with partners also in the area, ranked by their best match score; up to capacity × the
   * invite factor, as `invited` registrations with a notification. Idempotent (one registration
   * per organisation; the notification is deduplicated).
   */
  async invite(manager: EntityManager, m: Marketplace): Promise<string[]> {
    const limit = Math.floor(m.capacity * this.config.MARKETPLACE_INVITE_FACTOR);
    if (limit < 1) return [];
    // offers count as in the area when they serve one of its Quartiere or a district above them
    const served = [...new Set((await Promise.all(m.quarterIds.map((id) => this.districts.cached(id)))).flatMap((d) => d.ancestorIds))];
    const ranked = (await manager.query(
      `WITH area AS (
         SELECT mt.need_organisation_id AS a, mt.offer_organisation_id AS b, mt.score
           FROM matches mt
           JOIN needs n ON n.id = mt.need_id AND n.status = 'published' AND n.district_id = ANY($1::uuid[])
           JOIN offers o ON o.id = mt.offer_id AND o.status = 'published' AND o.district_ids && $4::uuid[]
       ), best AS (
         SELECT org, max(score) AS score FROM (SELECT a AS org, score FROM area UNION ALL SELECT b, score FROM area) x GROUP BY org
       )
       SELECT b.org AS "organisationId", b.score FROM best b
        WHERE NOT EXISTS (SELECT 1 FROM marketplace_registrations r WHERE r.marketplace_id = $2 AND r.organisation_id = b.org)
        ORDER BY b.score DESC, b.org
        LIMIT GREATEST($3 - (SELECT count(*) FROM marketplace_registrations r WHERE r.marketplace_id = $2)::int, 0)`,
      [m.quarterIds, m.id, limit, served],
    )) as Array<{ organisationId: string; score: number }>;
    if (!ranked.length) return [];
    const ids = ranked.map((r) => r.organisationId);
    await manager.query(
      `INSERT INTO marketplace_registrations (marketplace_id, organisation_id, status, invited_at)
       SELECT $1, unnest($2::uuid[]), 'invited', now()
       ON CONFLICT (marketplace_id, organisation_id) DO NOTHING`,
      [m.id, ids],
    );
    await this.notifications.notify(manager, {
      kind: 'marketplace_invited',
      organisationIds: ids,
      params: this.noticeParams(m),
      dedupeKey: `marketplace_invited:${m.id}`,
    });
    return ids;
  }

  /** Registered but not checked in when the event finishes: no-show. */
  private async recordNoShows(manager: EntityManager, m: Marketplace): Promise<void> {
    await manager.query(
      `UPDATE marketplace_registrations SET no_show = true, version = version + 1, updated_at = now()
        WHERE marketplace_id = $1 AND status = 'registered' AND checked_in_at IS NULL AND NOT no_show`,
      [m.id],
    );
  }

  /** Tells the invited, registered and waitlisted organisations that the event is cancelled (also used when its round is cancelled). */
  async announceCancellation(manager: EntityManager, m: Marketplace): Promise<void> {
    const rows = (await manager.query(
      `SELECT organisation_id AS id FROM marketplace_registrations WHERE marketplace_id = $1 AND status IN ('invited', 'registered', 'waitlisted') ORDER BY organisation_id`,
      [m.id],
    )) as Array<{ id: string }>;
    await this.notifications.notify(manager, {
      kind: 'marketplace_cancelled',
      organisationIds: rows.map((r) => r.id),
      params: this.noticeParams(m),
      dedupeKey: `marketplace_cancelled:${m.id}`,
    });
  }

  noticeParams(m: Marketplace) {
    return { title: m.name, dueAt: m.startsAt.toISOString(), url: `/v1/marketplaces/${m.id}` };
  }

  async countRegistered(manager: EntityManager, marketplaceId: string): Promise<number> {
    return manager.count(MarketplaceRegistration, { where: { marketplaceId, status: 'registered' } });
  }

  /**
   * While places are free, the first on the waitlist moves up (registered, notified); the
   * positions of the others close up. Call under the marketplace's row lock.
   */
  async fillFromWaitlist(manager: EntityManager, m: Marketplace): Promise<MarketplaceRegistration[]> {
    const moved: MarketplaceRegistration[] = [];
    let free = m.capacity - (await this.countRegistered(manager, m.id));
    while (free > 0) {
      const first = await manager.findOne(MarketplaceRegistration, { where: { marketplaceId: m.id, status: 'waitlisted' }, order: { waitlistPosition: 'ASC' } });
      if (!first) break;
      first.status = 'registered';
      first.waitlistPosition = null;
      first.registeredAt = new Date();
      moved.push(await manager.save(first));
      await this.notifications.notify(manager, {
        kind: 'waitlist_moved_up',
        organisationIds: [first.organisationId],
        params: this.noticeParams(m),
        dedupeKey: `waitlist_moved_up:${first.id}:${first.version}`,
      });
      free--;
    }
    await this.renumberWaitlist(manager, m.id);
    return moved;
  }

  async renumberWaitlist(manager: EntityManager, marketplaceId: string): Promise<void> {
    await manager.query(
      `UPDATE marketplace_registrations r SET waitlist_position = x.pos, version = r.version + 1, updated_at = now()
         FROM (SELECT id, row_number() OVER (ORDER BY waitlist_position, registered_at, id)::int AS pos
                 FROM marketplace_registrations WHERE marketplace_id = $1 AND status = 'waitlisted') x
        WHERE r.id = x.id AND r.waitlist_position IS DISTINCT FROM x.pos`,
      [marketplaceId],
    );
  }

  async toDtos(actor: Actor | undefined, items: Marketplace[]): Promise<MarketplaceDto[]> {
    if (!items.length) return [];
    const counts = (await this.ds.query(
      `SELECT marketplace_id AS id, count(*) FILTER (WHERE status = 'registered')::int AS registered, count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted
         FROM marketplace_registrations WHERE marketplace_id = ANY($1::uuid[]) GROUP BY marketplace_id`,
      [items.map((m) => m.id)],
    )) as Array<{ id: string; registered: number; waitlisted: number }>;
    const byId = new Map(counts.map((c) => [c.id, c]));
    return Promise.all(
      items.map(async (m) => {
        const c = byId.get(m.id);
        const registered = c?.registered ?? 0;
        const runs = await this.runs(actor, m);
        return {
          id: m.id,
          status: m.status,
          roundId: m.roundId,
          districtId: m.districtId,
          quarterIds: m.quarterIds,
          name: m.name,
          place: m.place,
          startsAt: m.startsAt,
          endsAt: m.endsAt,
          capacity: m.capacity,
          tables: m.tables,
          slotCount: m.slotCount,
          slotMinutes: m.slotMinutes,
          firstSlotAt: m.firstSlotAt,
          registeredCount: registered,
          freePlaces: Math.max(m.capacity - registered, 0),
          waitlistCount: c?.waitlisted ?? 0,
          allowedActions: runs ? allowedActions(MARKETPLACE_MACHINE, m.status).filter((a) => a !== 'schedule') : [],
          version: m.version,
          createdAt: m.createdAt,
          updatedAt: m.updatedAt,
        };
      }),
    );
  }
}
