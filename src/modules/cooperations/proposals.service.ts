import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/env';
import { AppError, type FieldError } from '../../common/errors/error-codes';
import { isPgError, PG_UNIQUE_VIOLATION } from '../../common/errors/pg';
import { JobName, type JobPayloads } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import type { Actor } from '../auth/actor';
import type { NotificationKind, NotificationParams } from '../notifications/notification-kinds';
import { NotificationsService } from '../notifications/notifications.service';
import { ReadinessService } from '../readiness/readiness.service';
import { Cooperation } from './cooperation.entity';
import { OPEN_STATUSES } from './cooperation.machine';
import { CooperationWorkflow } from './cooperation.workflow';
import type { CreateCooperationDto } from './dto/cooperation-input.dto';

/** A job may run this much before its time (clocks of hosts differ) and still count as due. */
export const CLOCK_SKEW_MS = 60_000;
/** How many overdue proposals one sweep expires at most (the next sweep takes the rest). */
export const SWEEP_BATCH = 500;

const NEED_OPEN = ['published', 'matched'];
const OFFER_OPEN = ['published'];

interface ListingRow {
  id: string;
  organisation_id: string;
  status: string;
  district_id: string | null;
  title: string;
}

/** What the notification texts about a cooperation say: who, what, where to look. */
export interface CooperationContext {
  nonprofitName: string;
  companyName: string;
  title: string | null;
}

const notPossible = (message: string, errors: FieldError[], details: Record<string, unknown> = {}) =>
  new AppError('PROPOSAL_NOT_POSSIBLE', message, { errors, ...details });
const unknownRef = (field: string, what: string) =>
  new AppError('VALIDATION_FAILED', `${field} names no ${what} you can see.`, {
    errors: [{ field, reason: `unknown${what[0].toUpperCase()}${what.slice(1)}`, message: `${field} must name an existing, visible ${what}` }],
  });

/**
 * Proposals (UPJ step 5): sending one, and the two timed jobs of a pending proposal (the
 * reminder before it expires and the expiry), plus the hourly sweep for expiries whose job got
 * lost. Status changes go through CooperationWorkflow.
 */
/** 409 PROPOSAL_EXISTS naming the open cooperation of the pair (and need). */
export function proposalExists(id: string | null): AppError {
  return new AppError(
    'PROPOSAL_EXISTS',
    `There is already an open cooperation for this pair${id ? ` (${id})` : ''}; answer or cancel it first.`,
    { cooperationId: id, location: id ? `/v1/cooperations/${id}` : null },
  );
}

@Injectable()
export class ProposalsService {
  private readonly logger = new Logger(ProposalsService.name);

  /** The time the timed checks compare with (a seam for tests; never changed in production). */
  clock: () => Date = () => new Date();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: CooperationWorkflow,
    private readonly notifications: NotificationsService,
    private readonly readiness: ReadinessService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- sending a proposal -----------------------------------------------------------------------

  /**
   * Creates a proposal from the caller's organisation, in one transaction with its history row,
   * its expiry and reminder jobs (outbox) and the receiver's notification.
   */
  async create(actor: Actor, dto: CreateCooperationDto): Promise<Cooperation> {
    const senderId = actor.organisationId;
    if (!senderId || !actor.organisationKind) {
      throw new AppError('FORBIDDEN', 'Proposals are sent by members of an organisation (a nonprofit or a company), for it.');
    }
    const { need, offer, matchId } = await this.resolveSubject(actor, dto);
    const parties = this.parties(actor, need, offer);
    await this.readiness.assertDone(senderId);

    const districtId = need?.district_id ?? (await this.homeDistrict(parties.nonprofitId));
    const existing = await this.openProposalId(this.dataSource.manager, parties.nonprofitId, parties.companyId, need?.id ?? null);
    if (existing) throw proposalExists(existing);

    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.PROPOSAL_TTL_HOURS * 3600_000);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const coop = manager.create(Cooperation, {
          status: 'proposed',
          districtId,
          nonprofitId: parties.nonprofitId,
          companyId: parties.companyId,
          needId: need?.id ?? null,
          offerId: offer?.id ?? null,
          matchId,
          proposedByOrganisationId: senderId,
          proposedByUserId: actor.userId,
          message: dto.message,
          expiresAt,
        });
        const { id } = await manager.save(coop);
        const saved = await manager.findOneByOrFail(Cooperation, { id });
        await this.workflow.recordProposal(manager, saved, { userId: actor.userId, organisationId: senderId });
        await this.scheduleProposalJobs(manager, saved.id, expiresAt, now);
        const receiverId = senderId === saved.nonprofitId ? saved.companyId : saved.nonprofitId;
        const ctx = await this.context(manager, saved);
        await this.notify(manager, saved, 'proposal_received', [receiverId], `proposal-received.${saved.id}`, {
          counterpart: senderId === saved.nonprofitId ? ctx.nonprofitName : ctx.companyName,
          title: ctx.title,
          expiresAt: expiresAt.toISOString(),
        });
        return saved;
      });
    } catch (err) {
      // Two proposals for the same pair at once: the partial unique index lets one in.
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'cooperations_open_pair_key')) {
        const winner = await this.openProposalId(this.dataSource.manager, parties.nonprofitId, parties.companyId, need?.id ?? null);
        throw proposalExists(winner);
      }
      throw err;
    }
  }

  /** ExpireProposal at expiresAt; RemindProposal at expiresAt - PROPOSAL_REMINDER_HOURS if that is still ahead. */
  private async scheduleProposalJobs(manager: EntityManager, cooperationId: string, expiresAt: Date, now: Date): Promise<void> {
    await this.outbox.enqueue(manager, JobName.ExpireProposal, { cooperationId, expiresAt: expiresAt.toISOString() });
    const hours = this.config.PROPOSAL_REMINDER_HOURS;
    const remindAt = new Date(expiresAt.getTime() - hours * 3600_000);
    if (hours > 0 && remindAt > now) {
      await this.outbox.enqueue(manager, JobName.RemindProposal, { cooperationId, remindAt: remindAt.toISOString(), expiresAt: expiresAt.toISOString() });
    }
  }

  /** The open cooperation (proposed, accepted, agreed, active) for the pair and need (or none), if any. */
  async openProposalId(manager: EntityManager, nonprofitId: string, companyId: string, needId: string | null): Promise<string | null> {
    const [row] = (await manager.query(
      `SELECT id FROM cooperations
        WHERE nonprofit_id = $1 AND company_id = $2 AND need_id IS NOT DISTINCT FROM $3::uuid AND status = ANY($4::cooperation_status[])
        LIMIT 1`,
      [nonprofitId, companyId, needId, OPEN_STATUSES],
    )) as Array<{ id: string }>;
    return row?.id ?? null;
  }

  private async homeDistrict(organisationId: string): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT district_id FROM organisations WHERE id = $1`, [organisationId])) as Array<{ district_id: string }>;
    return row.district_id;
  }

  /** Need and offer from the body (a match names both); each visible to the caller and open. */
  private async resolveSubject(actor: Actor, dto: CreateCooperationDto): Promise<{ need: ListingRow | null; offer: ListingRow | null; matchId: string | null }> {
    let needId = dto.needId ?? null;
    let offerId = dto.offerId ?? null;
    if (dto.matchId) {
      // Stored matches, or a pair one side reacted to (a dismissed match leaves its reaction).
      const [m] = (await this.dataSource.query(
        `SELECT need_id, offer_id FROM matches WHERE id = $1 UNION ALL SELECT need_id, offer_id FROM match_reactions WHERE id = $1 LIMIT 1`,
        [dto.matchId],
      )) as Array<{ need_id: string; offer_id: string }>;
      if (!m) throw unknownRef('matchId', 'match');
      const errors: FieldError[] = [];
      if (needId && needId !== m.need_id) errors.push({ field: 'needId', reason: 'notInMatch', message: 'needId must be the need of the match (or left out)' });
      if (offerId && offerId !== m.offer_id) errors.push({ field: 'offerId', reason: 'notInMatch', message: 'offerId must be the offer of the match (or left out)' });
      if (errors.length) throw new AppError('VALIDATION_FAILED', 'needId/offerId and matchId name different listings.', { errors });
      needId = m.need_id;
      offerId = m.offer_id;
    }
    if (!needId && !offerId) {
      throw new AppError('VALIDATION_FAILED', 'Name the need, the offer or the match the proposal is about.', {
        errors: [
          { field: 'needId', reason: 'required', message: 'needId, offerId or matchId is required' },
          { field: 'offerId', reason: 'required', message: 'needId, offerId or matchId is required' },
        ],
      });
    }
    const need = needId ? await this.listing(actor, 'needs', needId) : null;
    const offer = offerId ? await this.listing(actor, 'offers', offerId) : null;
    const errors: FieldError[] = [];
    if (need && !NEED_OPEN.includes(need.status)) {
      errors.push({ field: 'needId', reason: 'notPublished', message: `the need is ${need.status}; proposals name published needs` });
    }
    if (offer && !OFFER_OPEN.includes(offer.status)) {
      errors.push({ field: 'offerId', reason: 'notPublished', message: `the offer is ${offer.status}; proposals name published offers` });
    }
    if (errors.length) throw notPossible('A proposal names published needs and offers.', errors);
    return { need, offer, matchId: dto.matchId ?? null };
  }

  /** A need or offer, if the caller may see it (drafts only their owners). */
  private async listing(actor: Actor, table: 'needs' | 'offers', id: string): Promise<ListingRow> {
    const district = table === 'needs' ? 'district_id' : 'NULL::uuid AS district_id';
    const [row] = (await this.dataSource.query(`SELECT id, organisation_id, status, ${district}, title FROM ${table} WHERE id = $1`, [id])) as ListingRow[];
    const field = table === 'needs' ? 'needId' : 'offerId';
    if (!row || (row.status === 'draft' && row.organisation_id !== actor.organisationId)) throw unknownRef(field, table === 'needs' ? 'need' : 'offer');
    return row;
  }

  /**
   * The two parties: the need's organisation is the nonprofit, the offer's the company; with only
   * one of them, the sender is the other party (a company answering a need, a nonprofit asking
   * about an offer). The sender must be one of the two.
   */
  private parties(actor: Actor, need: ListingRow | null, offer: ListingRow | null): { nonprofitId: string; companyId: string } {
    const sender = actor.organisationId as string;
    const kind = actor.organisationKind;
    if (need && offer) {
      if (sender !== need.organisation_id && sender !== offer.organisation_id) {
        const field = kind === 'nonprofit' ? 'needId' : 'offerId';
        throw notPossible('You can only propose a cooperation your organisation takes part in: name your own need or offer with the other side\'s.', [
          { field, reason: 'notYourListing', message: `${field} must name a listing of your organisation (the other one names the partner's)` },
        ]);
      }
      return { nonprofitId: need.organisation_id, companyId: offer.organisation_id };
    }
    if (need) {
      if (need.organisation_id === sender) {
        throw notPossible('This is your own need: name the offer of the company you ask (offerId) as well.', [
          { field: 'offerId', reason: 'required', message: "offerId is required when proposing on your own need: the company's offer names the partner" },
        ]);
      }
      if (kind !== 'company') {
        throw notPossible("A need is answered by a company: nonprofits cannot propose on another nonprofit's need.", [
          { field: 'needId', reason: 'sameKind', message: 'needId names the need of another nonprofit; cooperations join a nonprofit and a company' },
        ]);
      }
      return { nonprofitId: need.organisation_id, companyId: sender };
    }
    const o = offer as ListingRow;
    if (o.organisation_id === sender) {
      throw notPossible('This is your own offer: name the need of the nonprofit you ask (needId) as well.', [
        { field: 'needId', reason: 'required', message: "needId is required when proposing with your own offer: the nonprofit's need names the partner" },
      ]);
    }
    if (kind !== 'nonprofit') {
      throw notPossible("An offer is taken up by a nonprofit: companies cannot propose on another company's offer.", [
        { field: 'offerId', reason: 'sameKind', message: 'offerId names the offer of another company; cooperations join a nonprofit and a company' },
      ]);
    }
    return { nonprofitId: sender, companyId: o.organisation_id };
  }

  // ---- timed jobs ---------------------------------------------------------------------------------

  /**
   * RemindProposal: tells the receiver that the proposal expires soon, once. Nothing happens when
   * the proposal is no longer pending, its expiry changed since the job was made, or it is early.
   */
  async remind(data: JobPayloads[JobName.RemindProposal]): Promise<{ reminded: number } | { skipped: string }> {
    return this.dataSource.transaction(async (manager) => {
      const coop = await manager.findOne(Cooperation, { where: { id: data.cooperationId }, lock: { mode: 'pessimistic_write' } });
      const skip = this.staleReason(coop, data.expiresAt, data.remindAt);
      if (skip) return { skipped: skip };
      const c = coop as Cooperation;
      const receiverId = c.proposedByOrganisationId === c.nonprofitId ? c.companyId : c.nonprofitId;
      const ctx = await this.context(manager, c);
      const reminded = await this.notify(manager, c, 'proposal_expiring', [receiverId], `proposal-expiring.${c.id}.${Date.parse(data.expiresAt)}`, {
        counterpart: c.proposedByOrganisationId === c.nonprofitId ? ctx.nonprofitName : ctx.companyName,
        title: ctx.title,
        expiresAt: (c.expiresAt as Date).toISOString(),
      });
      return { reminded };
    });
  }

  /**
   * ExpireProposal: the proposal nobody answered expires (a system transition) and both sides
   * are told. A stale job (answered, cancelled, or a changed expiry) or an early one does nothing.
   */
  async expire(data: JobPayloads[JobName.ExpireProposal]): Promise<{ expired: true } | { skipped: string }> {
    return this.dataSource.transaction(async (manager) => {
      const coop = await manager.findOne(Cooperation, { where: { id: data.cooperationId }, lock: { mode: 'pessimistic_write' } });
      const skip = this.staleReason(coop, data.expiresAt, data.expiresAt);
      if (skip) return { skipped: skip };
      const c = await this.workflow.transition(manager, coop as Cooperation, 'expire', null, {
        note: 'Keine Antwort bis zum Ablauf / no answer before the proposal expired',
      });
      const ctx = await this.context(manager, c);
      await this.notify(manager, c, 'proposal_expired', [c.nonprofitId, c.companyId], `proposal-expired.${c.id}`, { title: ctx.title });
      return { expired: true };
    });
  }

  /** Why a timed proposal job has nothing to do, or null when it is due and current. */
  private staleReason(coop: Cooperation | null, expiresAt: string, dueAt: string): string | null {
    if (!coop) return 'gone';
    if (coop.status !== 'proposed') return `status ${coop.status}`;
    if (!coop.expiresAt || coop.expiresAt.getTime() !== Date.parse(expiresAt)) return 'expiry changed';
    if (Date.parse(dueAt) - CLOCK_SKEW_MS > this.clock().getTime()) return 'not due yet';
    return null;
  }

  /**
   * The hourly sweep: proposals still pending after their expiry (their job was lost, e.g. Redis
   * was flushed) expire now, each through expire() in its own transaction. Idempotent.
   */
  async expireOverdue(now = this.clock()): Promise<{ expired: number }> {
    const rows = (await this.dataSource.query(
      `SELECT id, expires_at FROM cooperations WHERE status = 'proposed' AND expires_at <= $1 ORDER BY expires_at LIMIT ${SWEEP_BATCH}`,
      [now],
    )) as Array<{ id: string; expires_at: Date }>;
    let expired = 0;
    for (const row of rows) {
      const result = await this.expire({ cooperationId: row.id, expiresAt: row.expires_at.toISOString() });
      if ('expired' in result) expired++;
    }
    if (expired) this.logger.log(`expired ${expired} overdue proposal(s) whose job did not run`);
    return { expired };
  }

  // ---- shared with the other cooperation services --------------------------------------------------

  /** Names and title for the notification texts. */
  async context(manager: EntityManager, coop: Pick<Cooperation, 'id'>): Promise<CooperationContext> {
    const [row] = (await manager.query(
      `SELECT np.name AS nonprofit_name, co.name AS company_name, COALESCE(n.title, f.title) AS title
         FROM cooperations c
         JOIN organisations np ON np.id = c.nonprofit_id
         JOIN organisations co ON co.id = c.company_id
         LEFT JOIN needs n ON n.id = c.need_id
         LEFT JOIN offers f ON f.id = c.offer_id
        WHERE c.id = $1`,
      [coop.id],
    )) as Array<{ nonprofit_name: string; company_name: string; title: string | null }>;
    return { nonprofitName: row.nonprofit_name, companyName: row.company_name, title: row.title };
  }

  /** notify() with the cooperation's link. */
  async notify(
    manager: EntityManager,
    coop: Pick<Cooperation, 'id'>,
    kind: NotificationKind,
    organisationIds: string[],
    dedupeKey: string,
    params: NotificationParams,
  ): Promise<number> {
    return this.notifications.notify(manager, {
      kind,
      organisationIds,
      cooperationId: coop.id,
      params: { ...params, url: `/v1/cooperations/${coop.id}` },
      dedupeKey,
    });
  }
}
