import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { assertIfMatch } from '../../common/http/etag';
import { decodeCursor, encodeCursor, type Page } from '../../common/http/pagination';
import { JobName } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import type { Actor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import type { NotificationKind } from '../notifications/notification-kinds';
import { verificationJsonSql } from '../trust/verification';
import { CooperationAccess } from './cooperation.access';
import { Cooperation, CooperationMessage } from './cooperation.entity';
import { COOPERATION_MACHINE, type CooperationAction } from './cooperation.machine';
import { CooperationWorkflow } from './cooperation.workflow';
import type { CooperationQueryDto } from './dto/cooperation-query.dto';
import type { CooperationAgreementSummaryDto, CooperationDto, CooperationEventDto, CooperationListingDto, CooperationPartyDto } from './dto/cooperation.dto';
import type { MessageDto, MessageQueryDto } from './dto/message.dto';
import { partyActionsFor, REASON_ACTIONS, RECEIVER_ACTIONS, type PartyRole } from './party-actions';
import { ProposalsService } from './proposals.service';

const SORT = '-createdAt';
const MESSAGE_SORT = 'createdAt';

/** The actions a party takes by hand through the API. */
export type PartyAction = 'accept' | 'decline' | 'cancel' | 'start' | 'complete';

/** Whom each action tells, and how: always the other party. */
const NOTIFY: Record<PartyAction, NotificationKind | null> = {
  accept: 'proposal_accepted',
  decline: 'proposal_declined',
  cancel: 'cooperation_cancelled',
  start: null,
  complete: 'cooperation_completed',
};

/**
 * Cooperations as the parties and their organisers see them: reading (list, one, history),
 * the parties' transitions (accept, decline, cancel, start, complete) and the message thread.
 */
@Injectable()
export class CooperationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: CooperationWorkflow,
    private readonly access: CooperationAccess,
    private readonly proposals: ProposalsService,
    private readonly districts: DistrictsService,
    private readonly outbox: OutboxService,
  ) {}

  /** The caller's role in the cooperation: sender, receiver, or null (not a party). */
  roleOf(actor: Actor, coop: Pick<Cooperation, 'nonprofitId' | 'companyId' | 'proposedByOrganisationId'>): PartyRole | null {
    if (!this.access.sideOf(actor, coop)) return null;
    return actor.organisationId === coop.proposedByOrganisationId ? 'sender' : 'receiver';
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** One cooperation, for the parties, the district's organisers and admins (others: 404). */
  async get(actor: Actor, id: string): Promise<Cooperation> {
    const coop = await this.dataSource.getRepository(Cooperation).findOneBy({ id });
    if (!coop) throw new AppError('COOPERATION_NOT_FOUND', `Cooperation ${id} does not exist.`);
    await this.access.assertRead(actor, coop);
    return coop;
  }

  /**
   * Members: their organisation's cooperations (role: sent / received). Organisers: with
   * districtId, that district's and its descendants'; without, all of the districts they
   * organise. Admins: everything, or a district's. Newest first.
   */
  async list(actor: Actor, query: CooperationQueryDto): Promise<Page<Cooperation>> {
    const limit = query.limit ?? 20;
    const qb = this.dataSource.getRepository(Cooperation).createQueryBuilder('c');
    if (query.districtId) {
      if (!actor.isAdmin && !(await this.districts.organises(actor, query.districtId))) {
        throw new AppError('FORBIDDEN', "Only the district's organisers (and admins) list its cooperations; leave districtId out for your organisation's.");
      }
      qb.andWhere('c.district_id = ANY(:districtIds)', { districtIds: await this.districts.subtreeIds(query.districtId) });
    } else if (actor.organisationId) {
      qb.andWhere('(c.nonprofit_id = :org OR c.company_id = :org)', { org: actor.organisationId });
    } else if (!actor.isAdmin) {
      const districtIds = await this.districts.organisedDistricts(actor);
      if (!districtIds.length) return { items: [], nextCursor: null };
      qb.andWhere('c.district_id = ANY(:districtIds)', { districtIds });
    }
    if (query.role) {
      if (!actor.organisationId) {
        throw new AppError('VALIDATION_FAILED', 'role filters by your organisation, and you act for none.', {
          errors: [{ field: 'role', reason: 'noOrganisation', message: 'role is for members of an organisation' }],
        });
      }
      if (query.role === 'sent') qb.andWhere('c.proposed_by_organisation_id = :org', { org: actor.organisationId });
      else qb.andWhere('(c.nonprofit_id = :org OR c.company_id = :org) AND c.proposed_by_organisation_id <> :org', { org: actor.organisationId });
    }
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.needId) qb.andWhere('c.need_id = :needId', { needId: query.needId });
    if (query.offerId) qb.andWhere('c.offer_id = :offerId', { offerId: query.offerId });
    const cursor = decodeCursor(query.cursor, SORT);
    if (cursor) qb.andWhere('(c.created_at, c.id) < (:cv, :cid)', { cv: cursor.v, cid: cursor.id });
    const rows = await qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ s: SORT, v: last.createdAt.toISOString(), id: last.id }) : null };
  }

  /** The history: every transition, oldest first. */
  async history(actor: Actor, id: string): Promise<CooperationEventDto[]> {
    await this.get(actor, id);
    const rows = (await this.dataSource.query(
      `SELECT e.id, e.from_status, e.to_status, e.action, e.actor_user_id, e.actor_organisation_id, o.name AS actor_organisation_name, e.note, e.created_at
         FROM cooperation_events e LEFT JOIN organisations o ON o.id = e.actor_organisation_id
        WHERE e.cooperation_id = $1 ORDER BY e.id`,
      [id],
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: String(r.id),
      fromStatus: (r.from_status as CooperationEventDto['fromStatus']) ?? null,
      toStatus: r.to_status as CooperationEventDto['toStatus'],
      action: r.action as string,
      actorUserId: (r.actor_user_id as string) ?? null,
      actorOrganisationId: (r.actor_organisation_id as string) ?? null,
      actorOrganisationName: (r.actor_organisation_name as string) ?? null,
      note: (r.note as string) ?? null,
      createdAt: r.created_at as Date,
    }));
  }

  /** Response bodies for cooperations, with parties, listings and agreements read in one go each. */
  async toDtos(actor: Actor, coops: Cooperation[]): Promise<CooperationDto[]> {
    if (!coops.length) return [];
    const ids = coops.map((c) => c.id);
    const orgIds = [...new Set(coops.flatMap((c) => [c.nonprofitId, c.companyId]))];
    const needIds = coops.map((c) => c.needId).filter((x): x is string => !!x);
    const offerIds = coops.map((c) => c.offerId).filter((x): x is string => !!x);
    const [orgs, needs, offers, agreements] = await Promise.all([
      this.dataSource.query(`SELECT o.id, o.name, o.kind, ${verificationJsonSql('o')} AS verification FROM organisations o WHERE o.id = ANY($1::uuid[])`, [orgIds]) as Promise<CooperationPartyDto[]>,
      this.dataSource.query(`SELECT id, title, status, category FROM needs WHERE id = ANY($1::uuid[])`, [needIds]) as Promise<CooperationListingDto[]>,
      this.dataSource.query(`SELECT id, title, status, category FROM offers WHERE id = ANY($1::uuid[])`, [offerIds]) as Promise<CooperationListingDto[]>,
      this.dataSource.query(
        `SELECT DISTINCT ON (cooperation_id) id, cooperation_id, version, signed_at, nonprofit_signed_at, company_signed_at
           FROM agreements WHERE cooperation_id = ANY($1::uuid[]) ORDER BY cooperation_id, version DESC`,
        [ids],
      ) as Promise<Array<{ id: string; cooperation_id: string; version: number; signed_at: Date | null; nonprofit_signed_at: Date | null; company_signed_at: Date | null }>>,
    ]);
    const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
    const orgMap = byId(orgs);
    const needMap = byId(needs);
    const offerMap = byId(offers);
    const agreementMap = new Map(agreements.map((a) => [a.cooperation_id, a]));
    return coops.map((c) => {
      const a = agreementMap.get(c.id);
      const agreement: CooperationAgreementSummaryDto | null = a
        ? { id: a.id, version: a.version, signed: !!a.signed_at, signedAt: a.signed_at, nonprofitSignedAt: a.nonprofit_signed_at, companySignedAt: a.company_signed_at }
        : null;
      const role = this.roleOf(actor, c);
      return {
        id: c.id,
        status: c.status,
        districtId: c.districtId,
        nonprofit: orgMap.get(c.nonprofitId) as CooperationPartyDto,
        company: orgMap.get(c.companyId) as CooperationPartyDto,
        proposedByOrganisationId: c.proposedByOrganisationId,
        proposedByUserId: c.proposedByUserId,
        yourRole: role,
        need: c.needId ? (needMap.get(c.needId) ?? null) : null,
        offer: c.offerId ? (offerMap.get(c.offerId) ?? null) : null,
        matchId: c.matchId,
        message: c.message,
        allowedActions: partyActionsFor(c.status, role),
        agreement,
        expiresAt: c.expiresAt,
        decidedAt: c.decidedAt,
        declineReason: c.declineReason,
        agreedAt: c.agreedAt,
        startedAt: c.startedAt,
        completedAt: c.completedAt,
        evaluationDueAt: c.evaluationDueAt,
        evaluationClosesAt: c.evaluationClosesAt,
        evaluatedAt: c.evaluatedAt,
        cancelledAt: c.cancelledAt,
        cancelledByOrganisationId: c.cancelledByOrganisationId,
        cancelReason: c.cancelReason,
        version: c.version,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      };
    });
  }

  async toDto(actor: Actor, coop: Cooperation): Promise<CooperationDto> {
    return (await this.toDtos(actor, [coop]))[0];
  }

  // ---- the parties' transitions -------------------------------------------------------------------

  /**
   * One party action in one transaction: the row is locked, the caller's right to act and the
   * state machine checked (409 lists what the caller may do), the status changed with its
   * history row, and the other side told. A completion sets the evaluation due now and asks for
   * the evaluation (RequestEvaluation, see the timing contract).
   */
  async act(actor: Actor, id: string, action: PartyAction, input: { reason?: string; note?: string }, ifMatch?: string): Promise<Cooperation> {
    return this.dataSource.transaction(async (manager) => {
      const coop = await this.workflow.lock(manager, id);
      const side = await this.access.assertParty(actor, coop);
      const role = this.roleOf(actor, coop) as PartyRole;
      if (RECEIVER_ACTIONS.includes(action) && role !== 'receiver') {
        throw new AppError('FORBIDDEN', `Only the receiver of the proposal can ${action} it; the sender withdraws it with cancel.`, {
          action,
          allowedActions: partyActionsFor(coop.status, role),
        });
      }
      assertIfMatch(ifMatch, coop.version);
      if (!COOPERATION_MACHINE[action].from.includes(coop.status)) {
        const allowed = partyActionsFor(coop.status, role);
        throw new AppError(
          'INVALID_TRANSITION',
          `A ${coop.status} cooperation cannot ${action}. ${allowed.length ? `You may: ${allowed.join(', ')}.` : 'You can take no action on it any more.'}`,
          { currentStatus: coop.status, action, allowedActions: allowed },
        );
      }
      const reason = REASON_ACTIONS.includes(action) ? input.reason : undefined;
      const now = new Date();
      const patch: Partial<Cooperation> = {};
      if (action === 'decline') patch.declineReason = reason as string;
      if (action === 'cancel') Object.assign(patch, { cancelReason: reason, cancelledByOrganisationId: actor.organisationId });
      if (action === 'complete') patch.evaluationDueAt = now;
      const updated = await this.workflow.transition(manager, coop, action as CooperationAction, { userId: actor.userId, organisationId: actor.organisationId }, {
        note: reason ?? input.note ?? null,
        ifMatch,
        patch,
      });
      if (action === 'complete') await this.outbox.enqueue(manager, JobName.RequestEvaluation, { cooperationId: updated.id, dueAt: now.toISOString() });
      const kind = NOTIFY[action];
      if (kind) {
        const ctx = await this.proposals.context(manager, updated);
        await this.proposals.notify(manager, updated, kind, [this.access.otherParty(updated, side)], `cooperation-${action}.${updated.id}`, {
          counterpart: side === 'nonprofit' ? ctx.nonprofitName : ctx.companyName,
          title: ctx.title,
          reason: reason ?? null,
        });
      }
      return updated;
    });
  }

  // ---- messages -------------------------------------------------------------------------------------

  /** A message from one party to the other (organisers read along, but do not write). */
  async postMessage(actor: Actor, id: string, body: string): Promise<CooperationMessage> {
    return this.dataSource.transaction(async (manager) => {
      const coop = await manager.findOneBy(Cooperation, { id });
      if (!coop) throw new AppError('COOPERATION_NOT_FOUND', `Cooperation ${id} does not exist.`);
      const side = await this.access.assertParty(actor, coop);
      const message = await manager.save(
        manager.create(CooperationMessage, { cooperationId: id, authorOrganisationId: actor.organisationId as string, authorUserId: actor.userId, body }),
      );
      const ctx = await this.proposals.context(manager, coop);
      await this.proposals.notify(manager, coop, 'message_received', [this.access.otherParty(coop, side)], `message.${message.id}`, {
        counterpart: side === 'nonprofit' ? ctx.nonprofitName : ctx.companyName,
        title: ctx.title,
      });
      return message;
    });
  }

  /** The thread, oldest first, for the parties, the district's organisers and admins. */
  async messages(actor: Actor, id: string, query: MessageQueryDto): Promise<Page<CooperationMessage>> {
    await this.get(actor, id);
    const limit = query.limit ?? 50;
    const qb = this.dataSource.getRepository(CooperationMessage).createQueryBuilder('m').where('m.cooperation_id = :id', { id });
    const cursor = decodeCursor(query.cursor, MESSAGE_SORT);
    if (cursor) qb.andWhere('(m.created_at, m.id) > (:cv, :cid)', { cv: cursor.v, cid: cursor.id });
    const rows = await qb.orderBy('m.created_at', 'ASC').addOrderBy('m.id', 'ASC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ s: MESSAGE_SORT, v: last.createdAt.toISOString(), id: last.id }) : null };
  }

  messageDto(m: CooperationMessage): MessageDto {
    return { id: m.id, cooperationId: m.cooperationId, authorOrganisationId: m.authorOrganisationId, authorUserId: m.authorUserId, body: m.body, createdAt: m.createdAt };
  }
}
