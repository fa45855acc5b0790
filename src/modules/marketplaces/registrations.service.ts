import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, type FieldError } from '../../common/errors/error-codes';
import { Actor, actsFor } from '../auth/actor';
import { NotificationsService } from '../notifications/notifications.service';
import { Organisation } from '../organisations/organisation.entity';
import { CreateRegistrationDto } from './dto/marketplace-input.dto';
import type { MarketplaceHistoryDto, ParticipantDto, RegistrationDto } from './dto/marketplace.dto';
import { DistrictsService } from '../districts/districts.service';
import { Marketplace, MarketplaceRegistration } from './marketplace.entity';
import { MarketplacesService } from './marketplaces.service';

const registrationNotFound = (marketplaceId: string, organisationId: string) =>
  new AppError('REGISTRATION_NOT_FOUND', `Organisation ${organisationId} has no registration for marketplace ${marketplaceId}.`);

const closed = (m: Marketplace, what: string) =>
  new AppError('REGISTRATION_CLOSED', `Registrations can only ${what} while the marketplace is open; it is ${m.status}.`, { currentStatus: m.status });

/**
 * Anmeldungen: organisations register (with the needs and offers they bring) while places are
 * free, else join the waitlist; a cancellation moves the first on the waitlist up in the same
 * transaction. Every change takes the marketplace's row lock, so places are never given twice.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly marketplaces: MarketplacesService,
    private readonly notifications: NotificationsService,
    private readonly districts: DistrictsService,
  ) {}

  async register(actor: Actor, marketplaceId: string, dto: CreateRegistrationDto): Promise<{ registration: MarketplaceRegistration; created: boolean }> {
    const organisationId = dto.organisationId ?? actor.organisationId;
    if (!organisationId) throw new AppError('FORBIDDEN', 'Only members of an organisation can register it (admins name the organisation).');
    if (!actsFor(actor, organisationId)) throw new AppError('FORBIDDEN', 'You can only register your own organisation.');
    await this.marketplaces.get(actor, marketplaceId); // 404 for drafts the actor does not run
    return this.ds.transaction(async (manager) => {
      const m = await this.marketplaces.lock(manager, marketplaceId);
      if (m.status !== 'open') throw closed(m, 'be made');
      await this.assertBrings(manager, organisationId, m, dto);
      let reg = await manager.findOne(MarketplaceRegistration, { where: { marketplaceId, organisationId } });
      const active = reg && (reg.status === 'registered' || reg.status === 'waitlisted');
      const created = !reg;
      reg ??= manager.create(MarketplaceRegistration, { marketplaceId, organisationId, invitedAt: null });
      if (dto.needIds) reg.needIds = dto.needIds;
      if (dto.offerIds) reg.offerIds = dto.offerIds;
      if (dto.listedPublicly !== undefined) reg.listedPublicly = dto.listedPublicly;
      if (dto.unavailableSlots) reg.unavailableSlots = [...dto.unavailableSlots].sort((a, b) => a - b);
      if (active) return { registration: await manager.save(reg), created: false };
      // new, invited or cancelled before: a place if one is free, else the end of the waitlist
      reg.registeredByUserId = actor.userId;
      reg.cancelledAt = null;
      reg.registeredAt = new Date();
      if ((await this.marketplaces.countRegistered(manager, marketplaceId)) < m.capacity) {
        reg.status = 'registered';
        reg.waitlistPosition = null;
      } else {
        const [{ last }] = (await manager.query(
          `SELECT COALESCE(max(waitlist_position), 0)::int AS last FROM marketplace_registrations WHERE marketplace_id = $1 AND status = 'waitlisted'`,
          [marketplaceId],
        )) as Array<{ last: number }>;
        reg.status = 'waitlisted';
        reg.waitlistPosition = last + 1;
      }
      const saved = await manager.save(reg);
      if (saved.status === 'registered') {
        await this.notifications.notify(manager, {
          kind: 'registration_confirmed',
          organisationIds: [organisationId],
          params: this.marketplaces.noticeParams(m),
          dedupeKey: `registration_confirmed:${saved.id}:${saved.version}`,
        });
      }
      return { registration: saved, created };
    });
  }

  /** The organisation an admin names must exist; the needs and offers must be the organisation's own and published; unavailable slots must exist. */
  private async assertBrings(manager: EntityManager, organisationId: string, m: Marketplace, dto: CreateRegistrationDto): Promise<void> {
    const errors: FieldError[] = [];
    // (without this check the insert's foreign key answered with a 500; found by the input fuzzer)
    if (dto.organisationId && !(await manager.existsBy(Organisation, { id: dto.organisationId }))) {
      errors.push({ field: 'organisationId', reason: 'noSuchOrganisation', message: `${dto.organisationId}: no such organisation` });
    }
    for (const [field, table] of [['needIds', 'needs'], ['offerIds', 'offers']] as const) {
      const ids = dto[field];
      if (!ids?.length) continue;
      const rows = (await manager.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[]) AND organisation_id = $2 AND status = 'published'`, [ids, organisationId])) as Array<{ id: string }>;
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length) errors.push({ field, reason: 'notOwnPublished', message: `${missing.join(', ')}: not a published ${table.slice(0, -1)} of this organisation` });
    }
    if (dto.unavailableSlots?.length && m.slotCount !== null && dto.unavailableSlots.some((s) => s >= m.slotCount!)) {
      errors.push({ field: 'unavailableSlots', reason: 'noSuchSlot', message: `the marketplace has slots 0..${m.slotCount - 1}` });
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '), { errors });
  }

  /** Cancels (the organisation or the organisers); the first on the waitlist moves up in the same transaction. */
  async cancel(actor: Actor, marketplaceId: string, organisationId: string): Promise<MarketplaceRegistration> {
    const visible = await this.marketplaces.get(actor, marketplaceId);
    if (!actsFor(actor, organisationId) && !(await this.marketplaces.runs(actor, visible))) {
      throw new AppError('FORBIDDEN', "Only the organisation's members and the event's organisers can cancel a registration.");
    }
    return this.ds.transaction(async (manager) => {
      const m = await this.marketplaces.lock(manager, marketplaceId);
      const reg = await manager.findOne(MarketplaceRegistration, { where: { marketplaceId, organisationId } });
      if (!reg) throw registrationNotFound(marketplaceId, organisationId);
      if (reg.status === 'cancelled') return reg;
      if (m.status !== 'open') throw closed(m, 'be cancelled');
      const wasRegistered = reg.status === 'registered';
      reg.status = 'cancelled';
      reg.waitlistPosition = null;
      reg.cancelledAt = new Date();
      const saved = await manager.save(reg);
      if (wasRegistered) await this.marketplaces.fillFromWaitlist(manager, m);
      else await this.marketplaces.renumberWaitlist(manager, m.id);
      return saved;
    });
  }

  /**
   * Organisers and admins: all registrations with each organisation's earlier no-shows; brokers:
   * all registrations, without the earlier no-shows (those are for planning rounds); members: their own.
   */
  async list(actor: Actor, marketplaceId: string): Promise<RegistrationDto[]> {
    const m = await this.marketplaces.get(actor, marketplaceId);
    const runs = await this.marketplaces.runs(actor, m);
    const all = runs || (await this.marketplaces.mayBroker(actor, m));
    if (!all && !actor.organisationId) throw new AppError('FORBIDDEN', "Registrations are for the event's organisers and brokers and the registered organisations' members.");
    const qb = this.ds
      .getRepository(MarketplaceRegistration)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.organisation', 'o')
      .where('r.marketplace_id = :id', { id: marketplaceId });
    if (!all) qb.andWhere('r.organisation_id = :org', { org: actor.organisationId });
    const rows = await qb
      .orderBy(`array_position(ARRAY['registered','waitlisted','invited','cancelled']::registration_status[], r.status)`)
      .addOrderBy('r.waitlist_position', 'ASC', 'NULLS FIRST')
      .addOrderBy('o.name', 'ASC')
      .getMany();
    const noShows = runs ? await this.noShows(rows.map((r) => r.organisationId), marketplaceId) : new Map<string, number>();
    return rows.map((r) => this.toDto(r, runs ? (noShows.get(r.organisationId) ?? 0) : null));
  }

  /** No-shows of each organisation at other marketplaces. */
  private async noShows(organisationIds: string[], exceptMarketplaceId: string): Promise<Map<string, number>> {
    if (!organisationIds.length) return new Map();
    const rows = (await this.ds.query(
      `SELECT organisation_id AS id, count(*)::int AS n FROM marketplace_registrations
        WHERE organisation_id = ANY($1::uuid[]) AND no_show AND marketplace_id <> $2 GROUP BY organisation_id`,
      [organisationIds, exceptMarketplaceId],
    )) as Array<{ id: string; n: number }>;
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** Public: registered organisations that opted in to be listed. */
  async participants(actor: Actor | undefined, marketplaceId: string): Promise<ParticipantDto[]> {
    await this.marketplaces.get(actor, marketplaceId);
    const rows = (await this.ds.query(
      `SELECT o.id AS "organisationId", o.name, o.kind FROM marketplace_registrations r JOIN organisations o ON o.id = r.organisation_id
        WHERE r.marketplace_id = $1 AND r.status = 'registered' AND r.listed_publicly ORDER BY o.name, o.id`,
      [marketplaceId],
    )) as ParticipantDto[];
    return rows;
  }

  /** On the day (running): organisers and brokers check a registered organisation in; again = no change. */
  async checkIn(actor: Actor, marketplaceId: string, organisationId: string): Promise<MarketplaceRegistration> {
    const visible = await this.marketplaces.get(actor, marketplaceId);
    await this.marketplaces.assertMayBroker(actor, visible, 'check organisations in');
    return this.ds.transaction(async (manager) => {
      const m = await this.marketplaces.lock(manager, marketplaceId);
      const reg = await manager.findOne(MarketplaceRegistration, { where: { marketplaceId, organisationId }, relations: { organisation: true } });
      if (!reg) throw registrationNotFound(marketplaceId, organisationId);
      if (m.status !== 'running') throw new AppError('CHECK_IN_NOT_POSSIBLE', `Check-in is on the day, while the marketplace is running; it is ${m.status}.`, { currentStatus: m.status });
      if (reg.status !== 'registered') throw new AppError('CHECK_IN_NOT_POSSIBLE', `Only registered organisations check in; this one is ${reg.status}.`, { registrationStatus: reg.status });
      if (reg.checkedInAt) return reg;
      reg.checkedInAt = new Date();
      return manager.save(reg);
    });
  }

  /** An organisation's marketplaces: its members, admins and the organisers of its district (or an ancestor). */
  async history(actor: Actor, organisationId: string): Promise<MarketplaceHistoryDto> {
    const org = await this.ds.getRepository(Organisation).findOneBy({ id: organisationId });
    if (!org) throw new AppError('ORGANISATION_NOT_FOUND', `Organisation ${organisationId} does not exist.`);
    if (!actsFor(actor, org.id) && !(await this.districts.organises(actor, org.districtId))) {
      throw new AppError('FORBIDDEN', "Only the organisation's members, the organisers of its district and admins see its marketplace history.");
    }
    const items = (await this.ds.query(
      `SELECT m.id AS "marketplaceId", m.name, m.starts_at AS "startsAt", m.status AS "marketplaceStatus", r.status, r.checked_in_at AS "checkedInAt", r.no_show AS "noShow"
         FROM marketplace_registrations r JOIN marketplaces m ON m.id = r.marketplace_id
        WHERE r.organisation_id = $1 AND m.status <> 'draft'
        ORDER BY m.starts_at DESC, m.id LIMIT 200`,
      [organisationId],
    )) as MarketplaceHistoryDto['items'];
    const [totals] = (await this.ds.query(
      `SELECT count(*) FILTER (WHERE r.status = 'registered')::int AS registered, count(r.checked_in_at)::int AS attended, count(*) FILTER (WHERE r.no_show)::int AS "noShows"
         FROM marketplace_registrations r WHERE r.organisation_id = $1`,
      [organisationId],
    )) as Array<{ registered: number; attended: number; noShows: number }>;
    return { ...totals, items };
  }

  async withOrganisation(reg: MarketplaceRegistration): Promise<MarketplaceRegistration> {
    reg.organisation ??= (await this.ds.getRepository(Organisation).findOneBy({ id: reg.organisationId })) ?? undefined;
    return reg;
  }

  toDto(r: MarketplaceRegistration, noShows: number | null): RegistrationDto {
    return {
      id: r.id,
      marketplaceId: r.marketplaceId,
      organisationId: r.organisationId,
      organisation: { id: r.organisationId, name: r.organisation?.name ?? '', kind: r.organisation?.kind ?? '' },
      status: r.status,
      waitlistPosition: r.waitlistPosition,
      needIds: r.needIds,
      offerIds: r.offerIds,
      listedPublicly: r.listedPublicly,
      unavailableSlots: r.unavailableSlots,
      invitedAt: r.invitedAt,
      registeredAt: r.registeredAt,
      cancelledAt: r.cancelledAt,
      checkedInAt: r.checkedInAt,
      noShow: r.noShow,
      noShows,
      version: r.version,
    };
  }
}
