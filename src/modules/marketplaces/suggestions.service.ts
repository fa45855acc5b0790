import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OrganisationKind } from '../../common/domain/vocabulary';
import { AppError } from '../../common/errors/error-codes';
import { actsFor, type Actor } from '../auth/actor';
import type { MatchBreakdown } from '../matching/match.entity';
import { reasonsOf } from '../matching/matches.service';
import type { VerificationBadge } from '../trust/verification';
import { verificationJsonSql } from '../trust/verification';
import { broughtMatchesSql } from './brought-matches';
import type { SuggestionListDto, SuggestionQueryDto } from './dto/suggestion.dto';
import type { MarketplaceStatus, MeetingWish } from './marketplace.machine';
import { MarketplacesService } from './marketplaces.service';
import { meetingState } from './meeting-wishes.service';
import { rankSuggestions, type SuggestionCandidate } from './suggestions.rank';

/** While registration or the event is on: there is somebody to talk to. */
const SUGGESTION_STATUSES: readonly MarketplaceStatus[] = ['open', 'closed', 'scheduled', 'running'];

interface CandidateRow extends SuggestionCandidate {
  partnerName: string;
  partnerKind: string;
  partnerVerification: VerificationBadge;
  breakdown: MatchBreakdown;
  need: { id: string; title: string; category: string; unit: string };
  offer: { id: string; title: string; category: string; unit: string; wantsInReturn: string[] };
  myWish: MeetingWish | null;
  theirWish: MeetingWish | null;
}

/**
 * Suggestion lists ("talk to these"): for a registered participant, the registered participants
 * of the other kind ranked by the best match between what the two brought (broughtMatchesSql,
 * the rule meeting wishes score by), with the match's reasons and the pair's meeting wish.
 */
@Injectable()
export class SuggestionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly marketplaces: MarketplacesService,
  ) {}

  async list(actor: Actor, marketplaceId: string, query: SuggestionQueryDto): Promise<SuggestionListDto> {
    const m = await this.marketplaces.get(actor, marketplaceId); // drafts: 404 for those who do not run it
    const organisationId = query.organisationId ?? actor.organisationId;
    if (!organisationId) {
      throw new AppError('VALIDATION_FAILED', 'Name the participant whose suggestions you want to see.', {
        errors: [{ field: 'organisationId', reason: 'required', message: 'organisationId is required for users without an organisation' }],
      });
    }
    const runs = await this.marketplaces.runs(actor, m);
    if (!runs && !actsFor(actor, organisationId)) throw new AppError('FORBIDDEN', "Suggestions are for the participant's own members and the event's organisers.");
    const [org] = (await this.ds.query(
      `SELECT o.kind, r.status FROM organisations o LEFT JOIN marketplace_registrations r ON r.marketplace_id = $1 AND r.organisation_id = o.id WHERE o.id = $2`,
      [m.id, organisationId],
    )) as Array<{ kind: OrganisationKind; status: string | null }>;
    if (org?.status !== 'registered') {
      if (runs) throw new AppError('REGISTRATION_NOT_FOUND', `Organisation ${organisationId} is not registered at marketplace ${m.id}.`);
      throw new AppError('FORBIDDEN', 'Suggestions are for registered participants; your organisation is not registered at this marketplace.');
    }
    if (!SUGGESTION_STATUSES.includes(m.status)) {
      throw new AppError('INVALID_TRANSITION', `Suggestions are made while the marketplace is open, closed, scheduled or running; it is ${m.status}.`, {
        currentStatus: m.status,
        allowedStatuses: [...SUGGESTION_STATUSES],
      });
    }
    // Nonprofits bring needs, companies offers: the participant's side of each match and the partner's.
    const [mine, theirs] = org.kind === 'nonprofit' ? (['need', 'offer'] as const) : (['offer', 'need'] as const);
    const [myWish, theirWish] = org.kind === 'nonprofit' ? ['nonprofit_wish', 'company_wish'] : ['company_wish', 'nonprofit_wish'];
    // One query: every counting match of the participant, with the partner, the need and offer, and the pair's wishes.
    const rows = (await this.ds.query(
      `WITH b AS (${broughtMatchesSql('$1')})
       SELECT p.id AS "partnerId", p.name AS "partnerName", p.kind AS "partnerKind", ${verificationJsonSql('p')} AS "partnerVerification",
              b.id AS "matchId", b.need_id AS "needId", b.offer_id AS "offerId", b.score, b.breakdown,
              json_build_object('id', n.id, 'title', n.title, 'category', n.category, 'unit', n.unit) AS need,
              json_build_object('id', f.id, 'title', f.title, 'category', f.category, 'unit', f.unit, 'wantsInReturn', f.wants_in_return) AS offer,
              q.${myWish} AS "myWish", q.${theirWish} AS "theirWish"
         FROM b
         JOIN organisations p ON p.id = b.${theirs}_organisation_id AND p.kind <> $3
         JOIN needs n ON n.id = b.need_id
         JOIN offers f ON f.id = b.offer_id
         LEFT JOIN meeting_requests q ON q.marketplace_id = $1 AND q.nonprofit_id = b.need_organisation_id AND q.company_id = b.offer_organisation_id
        WHERE b.${mine}_organisation_id = $2`,
      [m.id, organisationId, org.kind],
    )) as CandidateRow[];
    const ranked = rankSuggestions(
      rows.map((r) => ({ ...r, score: Number(r.score) })),
      query.limit ?? 10,
    );
    return {
      organisationId,
      items: ranked.map((r) => ({
        partner: { id: r.partnerId, name: r.partnerName, kind: r.partnerKind, verification: r.partnerVerification },
        score: r.score,
        matchId: r.matchId,
        need: { id: r.need.id, title: r.need.title },
        offer: { id: r.offer.id, title: r.offer.title },
        reasons: reasonsOf({ breakdown: r.breakdown, need: r.need, offer: r.offer }),
        meetingState: meetingState(r.myWish, r.theirWish),
        myWish: r.myWish,
        theirWish: r.theirWish,
      })),
    };
  }
}
