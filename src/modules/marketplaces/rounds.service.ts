import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { AppError, type FieldError } from '../../common/errors/error-codes';
import { assertIfMatch } from '../../common/http/etag';
import { decodeCursor, encodeCursor, type Page } from '../../common/http/pagination';
import { addDeduplicated } from '../../queue/enqueue';
import { JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { transition } from '../listings/state-machine';
import type { Actor } from '../auth/actor';
import { District } from '../districts/district.entity';
import { DistrictsService } from '../districts/districts.service';
import type { JobAcceptedDto } from '../matching/dto/weights.dto';
import type { ConfirmRoundDto, CreateRoundDto, CreateVenueDto, RoundDto, RoundQueryDto, UpdatePlanDto, UpdateRoundDto, VenueDto } from './dto/round.dto';
import { Marketplace, Round, RoundVenue } from './marketplace.entity';
import { MARKETPLACE_MACHINE, ROUND_MACHINE } from './marketplace.machine';
import { planRound, type RoundPlanningInput } from './planning';
import { lowestCommonDistrict, MarketplacesService } from './marketplaces.service';
import { isRealDate, isTimeZone, zonedTime } from '../../common/time/calendar';
import { applyPlanEdit, planInputHash, type StoredPlan } from './rounds.plan';

/** A match counts towards a Quartier's value when both sides showed interest or its score is at least this. */
export const STRONG_MATCH_SCORE = 0.5;
const SORT = 'rounds.created';
const EDITABLE: Round['status'][] = ['draft', 'planned'];

export const toRoundDto = (r: Round): RoundDto => ({
  id: r.id,
  status: r.status,
  districtId: r.districtId,
  name: r.name,
  periodStart: r.periodStart,
  periodEnd: r.periodEnd,
  candidateDates: [...r.candidateDates].sort(),
  targetMin: r.targetMin,
  targetMax: r.targetMax,
  hasPlan: r.plan !== null,
  plannedAt: r.plannedAt,
  confirmedAt: r.confirmedAt,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toVenueDto = (v: RoundVenue): VenueDto => ({
  id: v.id,
  roundId: v.roundId,
  districtId: v.districtId,
  name: v.name,
  address: v.address,
  lat: v.lat,
  lon: v.lon,
  capacity: v.capacity,
  tables: v.tables,
  availableDates: [...v.availableDates].sort(),
  createdAt: v.createdAt,
});

/** Marketplace rounds: created and edited by the organisers of their city or borough, planned by the plan-round job, confirmed into marketplaces. */
@Injectable()
export class RoundsService {
  private readonly logger = new Logger(RoundsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Marketplaces) private readonly queue: Queue,
    private readonly districts: DistrictsService,
    private readonly marketplaces: MarketplacesService,
  ) {}

  private async organises(actor: Actor, districtId: string): Promise<boolean> {
    return actor.isAdmin || (await this.districts.organises(actor, districtId));
  }

  /** The round, if the actor organises its district (403 otherwise). */
  async get(actor: Actor, id: string): Promise<Round> {
    const round = await this.dataSource.getRepository(Round).findOneBy({ id });
    if (!round) throw new AppError('ROUND_NOT_FOUND', `Round ${id} does not exist.`);
    if (!(await this.organises(actor, round.districtId))) throw new AppError('FORBIDDEN', "Only the organisers of the round's district (and admins) may see or change it.");
    return round;
  }

  async create(actor: Actor, dto: CreateRoundDto): Promise<Round> {
    const district = await this.dataSource.getRepository(District).findOneBy({ id: dto.districtId });
    if (!district) throw fieldErrors([{ field: 'districtId', reason: 'unknownDistrict', message: 'no such district' }]);
    if (!(await this.organises(actor, district.id))) throw new AppError('FORBIDDEN', "Only the district's organisers (and admins) may create a round for it.");
    const errors: FieldError[] = [];
    if (district.level !== 'city' && district.level !== 'borough') errors.push({ field: 'districtId', reason: 'notCityOrBorough', message: 'a round covers a city or a borough' });
    errors.push(...roundRuleErrors(dto));
    if (errors.length) throw fieldErrors(errors);
    return this.dataSource.getRepository(Round).save({
      districtId: district.id,
      name: dto.name.trim(),
      periodStart: dto.periodStart,
      periodEnd: dto.periodEnd,
      candidateDates: [...dto.candidateDates].sort(),
      targetMin: dto.targetMin,
      targetMax: dto.targetMax,
      status: 'draft',
      plan: null,
      planInputHash: null,
      plannedAt: null,
      confirmedAt: null,
      createdByUserId: actor.userId,
    });
  }

  async list(actor: Actor, query: RoundQueryDto): Promise<Page<Round>> {
    const limit = query.limit ?? 20;
    const qb = this.dataSource.getRepository(Round).createQueryBuilder('r');
    if (!actor.isAdmin) {
      const organised = await this.districts.organisedDistricts(actor);
      if (!organised.length) throw new AppError('FORBIDDEN', 'Only organisers (and admins) see rounds.');
      qb.andWhere('r.district_id = ANY(:organised)', { organised });
    }
    if (query.districtId) qb.andWhere('r.district_id = ANY(:subtree)', { subtree: await this.districts.subtreeIds(query.districtId) });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    const cursor = decodeCursor(query.cursor, SORT);
    if (cursor) qb.andWhere('(r.created_at, r.id) < (:cv, :cid)', { cv: cursor.v, cid: cursor.id });
    const rows = await qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ s: SORT, v: last.createdAt.toISOString(), id: last.id }) : null };
  }

  async update(actor: Actor, id: string, dto: UpdateRoundDto, ifMatch?: string): Promise<Round> {
    await this.get(actor, id);
    return this.dataSource.transaction(async (manager) => {
      const round = await manager.getRepository(Round).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw new AppError('ROUND_NOT_FOUND', `Round ${id} does not exist.`);
      assertIfMatch(ifMatch, round.version);
      if (!EDITABLE.includes(round.status)) throw new AppError('NOT_EDITABLE', `A ${round.status} round cannot be changed.`, { currentStatus: round.status });
      const next = { ...round, ...stripUndefined(dto) };
      const errors = roundRuleErrors(next);
      if (dto.candidateDates) {
        // A date a venue offers stays a candidate date while the venue is there.
        const venues = await manager.getRepository(RoundVenue).find({ where: { roundId: id } });
        const used = [...new Set(venues.flatMap((v) => v.availableDates))].filter((d) => !dto.candidateDates!.includes(d)).sort();
        if (used.length) errors.push({ field: 'candidateDates', reason: 'inUseByVenue', message: `venues are offered on ${used.join(', ')}; change or remove them first` });
      }
      if (errors.length) throw fieldErrors(errors);
      if (dto.name !== undefined) round.name = dto.name.trim();
      if (dto.periodStart !== undefined) round.periodStart = dto.periodStart;
      if (dto.periodEnd !== undefined) round.periodEnd = dto.periodEnd;
      if (dto.candidateDates !== undefined) round.candidateDates = [...dto.candidateDates].sort();
      if (dto.targetMin !== undefined) round.targetMin = dto.targetMin;
      if (dto.targetMax !== undefined) round.targetMax = dto.targetMax;
      return manager.getRepository(Round).save(round);
    });
  }

  // ---- venues ----

  async addVenue(actor: Actor, roundId: string, dto: CreateVenueDto): Promise<RoundVenue> {
    const round = await this.get(actor, roundId);
    if (!EDITABLE.includes(round.status)) throw new AppError('NOT_EDITABLE', `Venues of a ${round.status} round cannot be changed.`, { currentStatus: round.status });
    const errors: FieldError[] = [];
    const district = await this.dataSource.getRepository(District).findOneBy({ id: dto.districtId });
    if (!district) errors.push({ field: 'districtId', reason: 'unknownDistrict', message: 'no such district' });
    else if (!district.ancestorIds.includes(round.districtId)) errors.push({ field: 'districtId', reason: 'notInArea', message: "the venue's district does not lie in the round's area" });
    (dto.availableDates ?? []).forEach((d, i) => {
      if (!round.candidateDates.includes(d)) errors.push({ field: `availableDates[${i}]`, reason: 'notCandidateDate', message: 'not a candidate date of the round' });
    });
    if (errors.length) throw fieldErrors(errors);
    return this.dataSource.getRepository(RoundVenue).save({
      roundId: round.id,
      districtId: dto.districtId,
      name: dto.name.trim(),
      address: dto.address?.trim() ?? '',
      lat: dto.lat,
      lon: dto.lon,
      capacity: dto.capacity,
      tables: dto.tables,
      availableDates: [...(dto.availableDates ?? [])].sort(),
    });
  }

  async venues(actor: Actor, roundId: string): Promise<RoundVenue[]> {
    await this.get(actor, roundId);
    return this.dataSource.getRepository(RoundVenue).find({ where: { roundId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async removeVenue(actor: Actor, roundId: string, venueId: string): Promise<void> {
    const round = await this.get(actor, roundId);
    if (!EDITABLE.includes(round.status)) throw new AppError('NOT_EDITABLE', `Venues of a ${round.status} round cannot be changed.`, { currentStatus: round.status });
    const res = await this.dataSource.getRepository(RoundVenue).delete({ id: venueId, roundId });
    if (!res.affected) throw new AppError('VENUE_NOT_FOUND', `Venue ${venueId} is not a venue of round ${roundId}.`);
  }

  // ---- planning ----

  /** Queues the plan-round job (one per round at a time: while one waits or runs, its id is returned). */
  async requestPlan(actor: Actor, roundId: string): Promise<JobAcceptedDto> {
    const round = await this.get(actor, roundId);
    transition(ROUND_MACHINE, round.status, 'plan', 'round');
    const data: JobPayloads[JobName.PlanRound] = { roundId: round.id, runId: randomUUID(), requestedBy: actor.userId };
    return addDeduplicated(this.queue, JobName.PlanRound, data, `plan-round.${round.id}`);
  }

  /** What planRound needs for a round, read from the database. */
  async planningInput(manager: EntityManager, round: Round): Promise<{ input: RoundPlanningInput; boroughOf: Map<string, string | null> }> {
    const districts = await manager.getRepository(District).createQueryBuilder('d').where(':id = ANY(d.ancestor_ids)', { id: round.districtId }).getMany();
    const quarters = districts.filter((d) => d.level === 'quarter').map((d) => d.id);
    const boroughOf = new Map(districts.filter((d) => d.level === 'quarter').map((d) => [d.id, districts.find((b) => b.id === d.parentId && b.level === 'borough')?.id ?? null]));
    const count = async (sql: string) => {
      const rows: { district_id: string; n: string }[] = await manager.query(sql, [quarters]);
      return new Map(rows.map((r) => [r.district_id, Number(r.n)]));
    };
    const needs = await count(`SELECT district_id, count(*) AS n FROM needs WHERE status = 'published' AND district_id = ANY($1) GROUP BY 1`);
    const offers = await count(`SELECT home_district_id AS district_id, count(*) AS n FROM offers WHERE status = 'published' AND home_district_id = ANY($1) GROUP BY 1`);
    const organisations = await count(
      `SELECT o.district_id, count(*) AS n FROM organisations o WHERE o.district_id = ANY($1)
         AND (EXISTS (SELECT 1 FROM needs n WHERE n.organisation_id = o.id AND n.status = 'published')
           OR EXISTS (SELECT 1 FROM offers f WHERE f.organisation_id = o.id AND f.status = 'published'))
       GROUP BY 1`,
    );
    const values: { need_district: string; offer_district: string; value: number }[] = await manager.query(
      `SELECT n.district_id AS need_district, f.home_district_id AS offer_district, sum(m.score)::float8 AS value
         FROM matches m
         JOIN needs n ON n.id = m.need_id AND n.status = 'published'
         JOIN offers f ON f.id = m.offer_id AND f.status = 'published'
         LEFT JOIN match_reactions r ON r.need_id = m.need_id AND r.offer_id = m.offer_id
        WHERE n.district_id = ANY($1) AND f.home_district_id = ANY($1)
          AND r.need_side IS DISTINCT FROM 'dismissed' AND r.offer_side IS DISTINCT FROM 'dismissed'
          AND (m.score >= $2 OR (r.need_side = 'interested' AND r.offer_side = 'interested'))
        GROUP BY 1, 2`,
      [quarters, STRONG_MATCH_SCORE],
    );
    const inside = new Map<string, number>();
    const crossValues: RoundPlanningInput['crossValues'] = [];
    for (const v of values) {
      const value = Math.round(Number(v.value) * 1e4) / 1e4;
      if (v.need_district === v.offer_district) inside.set(v.need_district, value);
      else crossValues.push({ districtIds: [v.need_district, v.offer_district], value });
    }
    const venues = await manager.getRepository(RoundVenue).find({ where: { roundId: round.id }, order: { id: 'ASC' } });
    const input: RoundPlanningInput = {
      districts: districts.map((d) => ({ id: d.id, name: d.name, level: d.level, parentId: d.id === round.districtId ? null : d.parentId, lat: d.lat, lon: d.lon })),
      pools: quarters.map((q) => ({
        districtId: q,
        openNeeds: needs.get(q) ?? 0,
        openOffers: offers.get(q) ?? 0,
        organisations: organisations.get(q) ?? 0,
        matchValue: inside.get(q) ?? 0,
      })),
      crossValues,
      candidateDates: [...round.candidateDates].sort(),
      venues: venues.map((v) => ({
        id: v.id,
        name: v.name,
        districtId: v.districtId,
        lat: v.lat,
        lon: v.lon,
        capacity: v.capacity,
        tables: v.tables,
        ...(v.availableDates.length ? { dates: [...v.availableDates].sort() } : {}),
      })),
      targetSize: { min: round.targetMin, max: round.targetMax },
    };
    return { input, boroughOf };
  }

  /**
   * The plan-round job: loads the inputs, plans, and stores the draft plan with the inputs'
   * fingerprint. Same inputs as the stored plan: nothing is written (an organiser's edits stay).
   * A round that can no longer be planned (confirmed, cancelled) is left alone.
   */
  async plan(data: JobPayloads[JobName.PlanRound]): Promise<{ roundId: string; status: string; changed: boolean; planInputHash?: string; events?: number }> {
    return this.dataSource.transaction(async (manager) => {
      const round = await manager.getRepository(Round).findOne({ where: { id: data.roundId }, lock: { mode: 'pessimistic_write' } });
      if (!round) return { roundId: data.roundId, status: 'missing', changed: false };
      if (!ROUND_MACHINE.plan.from.includes(round.status)) return { roundId: round.id, status: round.status, changed: false };
      const { input, boroughOf } = await this.planningInput(manager, round);
      const hash = planInputHash(input);
      if (round.planInputHash === hash && round.plan && round.status === 'planned') {
        return { roundId: round.id, status: round.status, changed: false, planInputHash: hash, events: (round.plan as StoredPlan).events.length };
      }
      const result = planRound(input);
      const names = new Map(input.districts.map((d) => [d.id, d.name]));
      const participants = (q: string) => input.pools.find((p) => p.districtId === q)!.organisations;
      const stored: StoredPlan = {
        ...result,
        quarters: input.pools.map((p) => {
          const d = input.districts.find((x) => x.id === p.districtId)!;
          return { id: p.districtId, name: names.get(p.districtId) ?? '', boroughId: boroughOf.get(p.districtId) ?? null, participants: participants(p.districtId), matchValue: p.matchValue, lat: d.lat, lon: d.lon };
        }),
        crossValues: input.crossValues,
        edited: false,
      };
      round.status = transition(ROUND_MACHINE, round.status, 'plan', 'round');
      round.plan = stored;
      round.planInputHash = hash;
      round.plannedAt = new Date();
      await manager.getRepository(Round).save(round);
      this.logger.log(`round ${round.id} planned: ${result.events.length} events, ${result.leftOut.length} Quartiere left out`);
      return { roundId: round.id, status: round.status, changed: true, planInputHash: hash, events: result.events.length };
    });
  }

  async getPlan(actor: Actor, roundId: string): Promise<Round> {
    const round = await this.get(actor, roundId);
    if (!round.plan) throw new AppError('PLAN_NOT_FOUND', `Round ${roundId} has no plan yet: POST /v1/rounds/${roundId}/plan first.`);
    return round;
  }

  /** The organiser's edit of the draft plan (planned rounds only). */
  async updatePlan(actor: Actor, roundId: string, dto: UpdatePlanDto, ifMatch?: string): Promise<Round> {
    await this.get(actor, roundId);
    return this.dataSource.transaction(async (manager) => {
      const round = await manager.getRepository(Round).findOne({ where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw new AppError('ROUND_NOT_FOUND', `Round ${roundId} does not exist.`);
      assertIfMatch(ifMatch, round.version);
      if (round.status !== 'planned' || !round.plan) throw new AppError('NOT_EDITABLE', `The plan of a ${round.status} round cannot be edited.`, { currentStatus: round.status });
      const venues = await manager.getRepository(RoundVenue).find({ where: { roundId } });
      const { plan, errors } = applyPlanEdit(round.plan as StoredPlan, dto.events, round, venues);
      if (errors.length || !plan) throw fieldErrors(errors);
      round.plan = plan;
      return manager.getRepository(Round).save(round);
    });
  }

  /** Creates one draft marketplace per planned event, in one transaction; the round is confirmed. */
  async confirm(actor: Actor, roundId: string, dto: ConfirmRoundDto, ifMatch?: string): Promise<{ round: Round; marketplaceIds: string[] }> {
    await this.get(actor, roundId);
    const startTime = dto.startTime ?? '17:00';
    const endTime = dto.endTime ?? '19:00';
    const timeZone = dto.timeZone ?? 'Europe/Berlin';
    const errors: FieldError[] = [];
    if (!isTimeZone(timeZone)) errors.push({ field: 'timeZone', reason: 'unknownTimeZone', message: 'not an IANA time zone' });
    if (endTime <= startTime) errors.push({ field: 'endTime', reason: 'beforeStart', message: 'endTime must be after startTime' });
    if (errors.length) throw fieldErrors(errors);
    return this.dataSource.transaction(async (manager) => {
      const round = await manager.getRepository(Round).findOne({ where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw new AppError('ROUND_NOT_FOUND', `Round ${roundId} does not exist.`);
      assertIfMatch(ifMatch, round.version);
      round.status = transition(ROUND_MACHINE, round.status, 'confirm', 'round');
      const plan = round.plan as StoredPlan | null;
      if (!plan || !plan.events.length) throw new AppError('NOT_EDITABLE', 'The plan has no events to confirm.', { currentStatus: 'planned' });
      const venues = new Map((await manager.getRepository(RoundVenue).find({ where: { roundId } })).map((v) => [v.id, v]));
      const quarterIds = [...new Set(plan.events.flatMap((e) => e.quarterIds))];
      const quarters = new Map((await manager.getRepository(District).findBy({ id: In(quarterIds) })).map((d) => [d.id, d]));
      const bad: FieldError[] = [];
      plan.events.forEach((e, i) => {
        if (!venues.has(e.venueId)) bad.push({ field: `plan.events[${i}].venueId`, reason: 'unknownVenue', message: 'the venue was removed from the round; edit the plan' });
        if (!e.date || !round.candidateDates.includes(e.date)) bad.push({ field: `plan.events[${i}].date`, reason: 'notCandidateDate', message: 'no candidate date; edit the plan' });
        e.quarterIds.forEach((q) => {
          if (!quarters.has(q)) bad.push({ field: `plan.events[${i}].quarterIds`, reason: 'unknownDistrict', message: `Quartier ${q} no longer exists` });
        });
      });
      if (bad.length) throw fieldErrors(bad);
      const marketplaceIds: string[] = [];
      for (const [i, e] of plan.events.entries()) {
        const districtId = lowestCommonDistrict(e.quarterIds.map((q) => quarters.get(q)!.ancestorIds));
        if (!districtId) throw fieldErrors([{ field: `plan.events[${i}].quarterIds`, reason: 'noCommonDistrict', message: 'the Quartiere lie in different cities' }]);
        const venue = venues.get(e.venueId)!;
        const saved = await manager.getRepository(Marketplace).save({
          status: 'draft',
          roundId: round.id,
          districtId,
          quarterIds: [...e.quarterIds],
          name: `Marktplatz für Gute Geschäfte ${e.quarterNames.join(' / ')}`,
          venueId: venue.id,
          place: [venue.name, venue.address].filter(Boolean).join(', '),
          startsAt: zonedTime(e.date, startTime, timeZone),
          endsAt: zonedTime(e.date, endTime, timeZone),
          capacity: venue.capacity,
          tables: venue.tables,
          slotCount: null,
          slotMinutes: null,
          firstSlotAt: null,
          expectedParticipants: e.expectedParticipants,
          plannedValue: e.valueCaptured,
        });
        marketplaceIds.push(saved.id);
      }
      round.confirmedAt = new Date();
      const saved = await manager.getRepository(Round).save(round);
      return { round: saved, marketplaceIds };
    });
  }

  /** Cancels the round; the marketplaces it created are cancelled with it (their invited, registered and waitlisted organisations notified) unless they are already running or over. */
  async cancel(actor: Actor, roundId: string, ifMatch?: string): Promise<Round> {
    await this.get(actor, roundId);
    return this.dataSource.transaction(async (manager) => {
      const round = await manager.getRepository(Round).findOne({ where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!round) throw new AppError('ROUND_NOT_FOUND', `Round ${roundId} does not exist.`);
      assertIfMatch(ifMatch, round.version);
      round.status = transition(ROUND_MACHINE, round.status, 'cancel', 'round');
      const marketplaces = await manager.getRepository(Marketplace).find({ where: { roundId, status: In([...MARKETPLACE_MACHINE.cancel.from]) }, lock: { mode: 'pessimistic_write' } });
      for (const m of marketplaces) {
        const from = m.status;
        m.status = transition(MARKETPLACE_MACHINE, m.status, 'cancel', 'marketplace');
        const saved = await manager.getRepository(Marketplace).save(m);
        await this.marketplaces.emitStatus(manager, saved, from);
        await this.marketplaces.announceCancellation(manager, saved);
      }
      return manager.getRepository(Round).save(round);
    });
  }
}

const fieldErrors = (errors: FieldError[]) => new AppError('VALIDATION_FAILED', 'The round is not valid.', { errors });

const stripUndefined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Rules across fields: real dates, period order, candidate dates within the period, target order. */
function roundRuleErrors(r: { periodStart: string; periodEnd: string; candidateDates: string[]; targetMin: number; targetMax: number }): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRealDate(r.periodStart)) errors.push({ field: 'periodStart', reason: 'invalidDate', message: 'not a calendar date' });
  if (!isRealDate(r.periodEnd)) errors.push({ field: 'periodEnd', reason: 'invalidDate', message: 'not a calendar date' });
  else if (r.periodEnd < r.periodStart) errors.push({ field: 'periodEnd', reason: 'beforeStart', message: 'periodEnd must not be before periodStart' });
  r.candidateDates.forEach((d, i) => {
    if (!isRealDate(d)) errors.push({ field: `candidateDates[${i}]`, reason: 'invalidDate', message: 'not a calendar date' });
    else if (d < r.periodStart || d > r.periodEnd) errors.push({ field: `candidateDates[${i}]`, reason: 'outsidePeriod', message: 'candidate dates lie within the period' });
  });
  if (r.targetMax < r.targetMin) errors.push({ field: 'targetMax', reason: 'belowMin', message: 'targetMax must not be below targetMin' });
  return errors;
}
