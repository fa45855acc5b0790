import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import type { Actor } from '../auth/actor';
import { NotificationsService } from '../notifications/notifications.service';
import type { MeetingState, MeetingWishDto } from './dto/meeting-wish.dto';
import { type Marketplace, MeetingRequest } from './marketplace.entity';
import type { MeetingWish } from './marketplace.machine';
import { MarketplacesService } from './marketplaces.service';
import { broughtMatchesSql } from './brought-matches';

/** While participants may still ask for 1:1 meetings: before and between schedule versions. */
const WISH_STATUSES = ['open', 'closed', 'scheduled'] as const;

interface WishRow {
  id: string;
  marketplace_id: string;
  nonprofit_id: string;
  nonprofit_name: string;
  company_id: string;
  company_name: string;
  nonprofit_wish: MeetingWish | null;
  company_wish: MeetingWish | null;
  match_score: number;
}

/** A side said yes: a wish of its own or an acceptance. */
const yes = (w: MeetingWish | null) => w === 'must' || w === 'would' || w === 'accepted';

/** Whose turn it is, seen from one side. */
export function meetingState(mine: MeetingWish | null, theirs: MeetingWish | null): MeetingState {
  if (mine === 'declined' || theirs === 'declined') return 'declined';
  if (yes(mine) && yes(theirs)) return 'agreed';
  return yes(mine) ? 'waiting-for-them' : 'waiting-for-you';
}

/**
 * Wishes for pre-arranged 1:1 meetings at a marketplace (as at speed-dating style fairs): each
 * registered participant says must / would meet (or declines) a registered participant of the
 * other kind; the other side accepts (or declines) or states its own wish. Pairs where both said
 * yes go to the schedule-event job, valued by their wishes and match score. The other side is
 * notified of an ask and of a yes to its own ask.
 */
@Injectable()
export class MeetingWishesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly marketplaces: MarketplacesService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Sets the caller's wish for a meeting with `partnerId` (idempotent: PUT semantics). */
  async set(actor: Actor, marketplaceId: string, partnerId: string, wish: MeetingWish): Promise<MeetingWishDto> {
    await this.marketplaces.get(actor, marketplaceId); // 404 for drafts the actor does not run (their status is nobody else's business)
    return this.dataSource.transaction(async (manager) => {
      const m = await this.marketplaces.lock(manager, marketplaceId);
      if (!(WISH_STATUSES as readonly string[]).includes(m.status)) {
        throw new AppError('INVALID_TRANSITION', `Meeting wishes are taken while the marketplace is open, closed or scheduled; it is ${m.status}.`, {
          currentStatus: m.status,
          allowedStatuses: [...WISH_STATUSES],
        });
      }
      const me = actor.organisationId;
      if (!me) throw new AppError('FORBIDDEN', 'Only members of a registered organisation ask for meetings.');
      const parties = (await manager.query(
        `SELECT o.id, o.kind, o.name, EXISTS (SELECT 1 FROM marketplace_registrations r WHERE r.marketplace_id = $2 AND r.organisation_id = o.id AND r.status = 'registered') AS registered
           FROM organisations o WHERE o.id = ANY($1::uuid[])`,
        [[me, partnerId], m.id],
      )) as Array<{ id: string; kind: 'nonprofit' | 'company'; name: string; registered: boolean }>;
      const mine = parties.find((p) => p.id === me);
      const partner = parties.find((p) => p.id === partnerId);
      if (!mine?.registered) throw new AppError('FORBIDDEN', 'Your organisation is not registered at this marketplace.');
      if (!partner || !partner.registered) {
        throw new AppError('VALIDATION_FAILED', 'The partner is not a registered participant of this marketplace.', {
          errors: [{ field: 'partnerOrganisationId', reason: 'notRegistered', message: 'name a registered participant of this marketplace' }],
        });
      }
      if (partner.kind === mine.kind) {
        throw new AppError('VALIDATION_FAILED', '1:1 meetings pair a nonprofit with a company.', {
          errors: [{ field: 'partnerOrganisationId', reason: 'sameKind', message: `a ${mine.kind} meets a ${mine.kind === 'nonprofit' ? 'company' : 'nonprofit'}` }],
        });
      }
      const nonprofitId = mine.kind === 'nonprofit' ? me : partnerId;
      const companyId = mine.kind === 'company' ? me : partnerId;
      const mySide = mine.kind === 'nonprofit' ? 'nonprofitWish' : 'companyWish';
      const theirSide = mine.kind === 'nonprofit' ? 'companyWish' : 'nonprofitWish';
      let row = await manager.findOne(MeetingRequest, { where: { marketplaceId: m.id, nonprofitId, companyId }, lock: { mode: 'pessimistic_write' } });
      if (wish === 'accepted' && !yes(row?.[theirSide] ?? null)) {
        throw new AppError('VALIDATION_FAILED', 'You can accept once the other side asked; say must or would to ask yourself.', {
          errors: [{ field: 'wish', reason: 'nothingToAccept', message: 'accepted answers the other side\'s wish' }],
        });
      }
      if (!row) {
        row = manager.create(MeetingRequest, {
          marketplaceId: m.id,
          nonprofitId,
          companyId,
          requestedByOrganisationId: me,
          nonprofitWish: null,
          companyWish: null,
          matchScore: await this.bestScore(manager, m, nonprofitId, companyId),
        });
        row[mySide] = wish;
        await manager.insert(MeetingRequest, row);
      } else if (row[mySide] !== wish) {
        await manager.update(MeetingRequest, { id: row.id }, { [mySide]: wish, answeredAt: row.requestedByOrganisationId === me ? row.answeredAt : new Date() });
      }
      await this.tell(manager, m, row.id, mine.name, partnerId, wish, row[theirSide]);
      return (await this.rows(manager, 'q.id = $1', [row.id]))[0]!.dto(me);
    });
  }

  /**
   * Tells the other side, in the transaction of the wish: an ask (must, would) they have not
   * answered yet is `meeting_requested`; a yes to their ask is `meeting_agreed`. Once per pair and
   * kind (the dedupe key), so repeating or changing a wish sends nothing new; a decline tells nobody.
   */
  private async tell(manager: EntityManager, m: Marketplace, requestId: string, myName: string, partnerId: string, wish: MeetingWish, theirs: MeetingWish | null): Promise<void> {
    const kind = (wish === 'must' || wish === 'would') && theirs === null ? 'meeting_requested' : yes(wish) && yes(theirs) ? 'meeting_agreed' : null;
    if (!kind) return;
    await this.notifications.notify(manager, {
      kind,
      organisationIds: [partnerId],
      params: { counterpart: myName, title: m.name, dueAt: m.startsAt.toISOString(), url: `/v1/marketplaces/${m.id}/meeting-wishes` },
      dedupeKey: `${kind}:${requestId}:${partnerId}`,
    });
  }

  /** Members: the wishes involving their organisation; organisers and admins: all of the marketplace's. */
  async list(actor: Actor, marketplaceId: string): Promise<MeetingWishDto[]> {
    const m = await this.marketplaces.get(actor, marketplaceId);
    if (await this.marketplaces.runs(actor, m)) return (await this.rows(this.dataSource.manager, 'q.marketplace_id = $1', [m.id])).map((r) => r.dto(null));
    const me = actor.organisationId;
    if (!me) throw new AppError('FORBIDDEN', 'Only participants and the marketplace\'s organisers see meeting wishes.');
    return (await this.rows(this.dataSource.manager, 'q.marketplace_id = $1 AND (q.nonprofit_id = $2 OR q.company_id = $2)', [m.id, me])).map((r) => r.dto(me));
  }

  /** The pair's best match between the needs and offers they brought (broughtMatchesSql: the rule the suggestion lists rank by). */
  private async bestScore(manager: EntityManager, m: Marketplace, nonprofitId: string, companyId: string): Promise<number> {
    const [row] = (await manager.query(
      `SELECT COALESCE(max(b.score), 0) AS score FROM (${broughtMatchesSql('$1')}) b WHERE b.need_organisation_id = $2 AND b.offer_organisation_id = $3`,
      [m.id, nonprofitId, companyId],
    )) as Array<{ score: number | string }>;
    return Number(row?.score ?? 0);
  }

  private async rows(manager: EntityManager, where: string, params: unknown[]) {
    const rows = (await manager.query(
      `SELECT q.id, q.marketplace_id, q.nonprofit_id, n.name AS nonprofit_name, q.company_id, c.name AS company_name,
              q.nonprofit_wish, q.company_wish, q.match_score
         FROM meeting_requests q JOIN organisations n ON n.id = q.nonprofit_id JOIN organisations c ON c.id = q.company_id
        WHERE ${where} ORDER BY q.created_at, q.id`,
      params,
    )) as WishRow[];
    return rows.map((r) => ({
      dto: (me: string | null): MeetingWishDto => ({
        id: r.id,
        marketplaceId: r.marketplace_id,
        nonprofitId: r.nonprofit_id,
        nonprofitName: r.nonprofit_name,
        companyId: r.company_id,
        companyName: r.company_name,
        nonprofitWish: r.nonprofit_wish,
        companyWish: r.company_wish,
        matchScore: Number(r.match_score),
        state: me === null ? null : me === r.nonprofit_id ? meetingState(r.nonprofit_wish, r.company_wish) : meetingState(r.company_wish, r.nonprofit_wish),
      }),
    }));
  }
}
