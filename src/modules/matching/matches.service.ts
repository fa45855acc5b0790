import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { AppError } from '../../common/errors/error-codes';
import { decodeCursor, encodeCursor, type Page } from '../../common/http/pagination';
import { JobName } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import { Actor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import type { NeedStatus } from '../needs/need.entity';
import { NEED_PUBLIC_STATUSES } from '../needs/need.machine';
import type { OfferStatus } from '../offers/offer.entity';
import { OFFER_PUBLIC_STATUSES } from '../offers/offer.machine';
import { isVerifiedSql, verificationJsonSql } from '../trust/verification';
import type { MatchBreakdownDto, MatchDto, MatchListingDto, MatchListQueryDto } from './dto/match.dto';
import type { MatchBreakdown, Reaction } from './match.entity';
import { COMPONENTS, type MatchingWeights } from './scoring/model';
import { WeightsService } from './weights.service';

interface MatchRowDb {
  id: string;
  score: number;
  district_id: string;
  breakdown: MatchBreakdown;
  weights_version: string;
  computed_at: Date;
  need_side: Reaction | null;
  offer_side: Reaction | null;
  need: Record<string, unknown>;
  offer: Record<string, unknown>;
  need_org: Record<string, unknown>;
  offer_org: Record<string, unknown>;
}

const MATCH_SELECT = `
  SELECT m.id, m.score, m.district_id, m.breakdown, m.weights_version, m.computed_at,
         r.need_side, r.offer_side,
         json_build_object('id', n.id, 'title', n.title, 'description', n.description, 'category', n.category, 'tags', n.tags,
           'unit', n.unit, 'amount', n.quantity, 'startsAt', n.starts_at, 'endsAt', n.ends_at, 'giveBack', n.give_back) AS need,
         json_build_object('id', f.id, 'title', f.title, 'description', f.description, 'category', f.category, 'tags', f.tags,
           'unit', f.unit, 'amount', f.capacity, 'startsAt', f.starts_at, 'endsAt', f.ends_at, 'wantsInReturn', f.wants_in_return) AS offer,
         json_build_object('id', no.id, 'name', no.name, 'kind', no.kind, 'description', no.description, 'website', no.website,
           'districtId', no.district_id, 'causeAreas', no.cause_areas, 'giveBacks', no.give_backs,
           'verification', ${verificationJsonSql('no')}) AS need_org,
         json_build_object('id', fo.id, 'name', fo.name, 'kind', fo.kind, 'description', fo.description, 'website', fo.website,
           'districtId', fo.district_id, 'causeAreas', fo.engagement_cause_areas, 'giveBacks', '{}'::text[],
           'verification', ${verificationJsonSql('fo')}) AS offer_org
    FROM matches m
    JOIN needs n ON n.id = m.need_id
    JOIN offers f ON f.id = m.offer_id
    JOIN organisations no ON no.id = m.need_organisation_id
    JOIN organisations fo ON fo.id = m.offer_organisation_id
    LEFT JOIN match_reactions r ON r.need_id = m.need_id AND r.offer_id = m.offer_id`;

/** Whose organisation `verifiedOnly` looks at: the offer's (a need's list), the need's (an offer's list), or both (a district's list). */
type Counterpart = 'need' | 'offer' | 'both';

const CATEGORY_DE: Record<string, string> = { time: 'Zeit', skills: 'Know-how', logistics: 'Logistik', goods: 'Sachmittel', contacts: 'Kontakte', space: 'Räume' };
const de = (x: number, digits = 1) => x.toLocaleString('de-DE', { maximumFractionDigits: digits });

/** Reads of stored matches, with access rules, and the two sides' reactions. */
@Injectable()
export class MatchesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly districts: DistrictsService,
    private readonly weights: WeightsService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A need's matches, best first: its top K plus pairs a side showed interest in. */
  async forNeed(actor: Actor, needId: string, query: MatchListQueryDto): Promise<Page<MatchDto>> {
    const [need] = (await this.dataSource.query(`SELECT organisation_id, district_id, status FROM needs WHERE id = $1`, [needId])) as Array<{
      organisation_id: string;
      district_id: string;
      status: NeedStatus;
    }>;
    const member = !!need && (actor.isAdmin || actor.organisationId === need.organisation_id);
    // A need nobody else may read (a draft, withdrawn, expired) is not found, as on GET /v1/needs/{id}.
    if (!need || (!member && !NEED_PUBLIC_STATUSES.includes(need.status))) throw new AppError('NEED_NOT_FOUND', `Need ${needId} does not exist.`);
    if (!member && !(await this.districts.organises(actor, need.district_id))) {
      throw new AppError('FORBIDDEN', "Only the need's organisation and the district's organisers see its matches.");
    }
    return this.ranked(`m.need_id = $1`, [needId], 'm.offer_id', query, `need:${needId}`, 'offer');
  }

  /** An offer's matches, best first; organisers who are not members see their districts' only. */
  async forOffer(actor: Actor, offerId: string, query: MatchListQueryDto): Promise<Page<MatchDto>> {
    const [offer] = (await this.dataSource.query(`SELECT organisation_id, status FROM offers WHERE id = $1`, [offerId])) as Array<{ organisation_id: string; status: OfferStatus }>;
    const member = !!offer && (actor.isAdmin || actor.organisationId === offer.organisation_id);
    // An offer nobody else may read (a draft, withdrawn, expired) is not found, as on GET /v1/offers/{id}.
    if (!offer || (!member && !OFFER_PUBLIC_STATUSES.includes(offer.status))) throw new AppError('OFFER_NOT_FOUND', `Offer ${offerId} does not exist.`);
    if (member) return this.ranked(`m.offer_id = $1`, [offerId], 'm.need_id', query, `offer:${offerId}`, 'need');
    if (!actor.organiserDistrictIds.length) throw new AppError('FORBIDDEN', "Only the offer's organisation and organisers see its matches.");
    return this.ranked(`m.offer_id = $1 AND m.district_id = ANY($2::uuid[])`, [offerId, await this.districts.organisedDistricts(actor)], 'm.need_id', query, `offer:${offerId}`, 'need');
  }

  /** The best pairs of a district (descendants included), for its organisers. */
  async forDistrict(actor: Actor, districtId: string, query: MatchListQueryDto): Promise<Page<MatchDto>> {
    await this.districts.cached(districtId);
    if (!actor.isAdmin && !(await this.districts.organises(actor, districtId))) {
      throw new AppError('FORBIDDEN', "Only the district's organisers (and admins) see all of its matches.");
    }
    const subtree = await this.districts.subtreeIds(districtId);
    return this.page(`m.district_id = ANY($1::uuid[])`, [subtree], query, `district:${districtId}`, 'both');
  }

  /**
   * One item's list: ranked by score (ties by the other side's id), capped at K, plus pairs a
   * side showed interest in. Offer lists may hold more than K rows between district rematches.
   */
  private async ranked(where: string, params: unknown[], tieBreak: string, query: MatchListQueryDto, scope: string, counterpart: Counterpart): Promise<Page<MatchDto>> {
    const limit = query.limit ?? 20;
    const cursor = decodeCursor(query.cursor, scope, 'offset');
    const offset = cursor ? (cursor.v as number) : 0;
    const filters = this.filters(query, params.length, counterpart);
    const rows = (await this.dataSource.query(
      `WITH ranked AS (
         SELECT m.id, row_number() OVER (ORDER BY m.score DESC, ${tieBreak}) AS rank
           FROM matches m LEFT JOIN match_reactions r ON r.need_id = m.need_id AND r.offer_id = m.offer_id
          WHERE ${where})
       ${MATCH_SELECT} JOIN ranked k ON k.id = m.id
        WHERE (k.rank <= ${this.config.MATCHING_TOP_K} OR r.need_side = 'interested' OR r.offer_side = 'interested') ${filters.sql}
        ORDER BY k.rank LIMIT ${limit + 1} OFFSET ${offset}`,
      [...params, ...filters.params],
    )) as MatchRowDb[];
    return this.toPage(rows, limit, offset, scope);
  }

  private async page(where: string, params: unknown[], query: MatchListQueryDto, scope: string, counterpart: Counterpart): Promise<Page<MatchDto>> {
    const limit = query.limit ?? 20;
    const cursor = decodeCursor(query.cursor, scope, 'offset');
    const offset = cursor ? (cursor.v as number) : 0;
    const filters = this.filters(query, params.length, counterpart);
    const rows = (await this.dataSource.query(
      `${MATCH_SELECT} WHERE ${where} ${filters.sql} ORDER BY m.score DESC, m.id LIMIT ${limit + 1} OFFSET ${offset}`,
      [...params, ...filters.params],
    )) as MatchRowDb[];
    return this.toPage(rows, limit, offset, scope);
  }

  private filters(query: MatchListQueryDto, used: number, counterpart: Counterpart): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    // verifiedOnly: the other side (of a need: the company; of an offer: the nonprofit; of a district list: both) is verified.
    if (query.verifiedOnly) {
      if (counterpart !== 'need') parts.push(isVerifiedSql('fo'));
      if (counterpart !== 'offer') parts.push(isVerifiedSql('no'));
    }
    if (query.mutual === true) parts.push(`r.need_side = 'interested' AND r.offer_side = 'interested'`);
    if (query.mutual === false) parts.push(`NOT (r.need_side IS NOT DISTINCT FROM 'interested' AND r.offer_side IS NOT DISTINCT FROM 'interested')`);
    if (query.minScore !== undefined) {
      params.push(query.minScore);
      parts.push(`m.score >= $${used + params.length}`);
    }
    return { sql: parts.map((p) => `AND ${p}`).join(' '), params };
  }

  private async toPage(rows: MatchRowDb[], limit: number, offset: number, scope: string): Promise<Page<MatchDto>> {
    const more = rows.length > limit;
    const items = await Promise.all(rows.slice(0, limit).map((r) => this.toDto(r)));
    const last = items[items.length - 1];
    return { items, nextCursor: more && last ? encodeCursor({ s: scope, v: offset + limit, id: last.id }) : null };
  }

  /** One match, for either side's members, the district's organisers and admins. */
  async get(actor: Actor, id: string): Promise<MatchDto> {
    const row = await this.visibleRow(actor, id);
    return this.toDto(row);
  }

  private async visibleRow(actor: Actor, id: string): Promise<MatchRowDb> {
    const [row] = (await this.dataSource.query(`${MATCH_SELECT} WHERE m.id = $1`, [id])) as MatchRowDb[];
    if (!row) throw new AppError('MATCH_NOT_FOUND', `Match ${id} does not exist (or was dismissed).`);
    const sides = [row.need_org.id, row.offer_org.id];
    if (actor.isAdmin || (actor.organisationId && sides.includes(actor.organisationId)) || (await this.districts.organises(actor, row.district_id))) return row;
    // Not the actor's business: do not tell whether it exists.
    throw new AppError('MATCH_NOT_FOUND', `Match ${id} does not exist (or was dismissed).`);
  }

  /**
   * Records the actor's side's reaction. Interest pins the pair (it stays whatever its rank);
   * a dismissal removes it at once and asks both items' jobs to refill their lists. Repeating a
   * reaction changes nothing.
   */
  async react(actor: Actor, id: string, reaction: Reaction): Promise<MatchDto | { id: string; dismissed: true }> {
    if (reaction === 'dismissed' && actor.organisationId) {
      // Dismissing again: the row is gone, the reaction stays; answer as the first time did.
      const [again] = (await this.dataSource.query(
        `SELECT 1 FROM match_reactions r JOIN needs n ON n.id = r.need_id JOIN offers f ON f.id = r.offer_id
          WHERE r.id = $1 AND ((n.organisation_id = $2 AND r.need_side = 'dismissed') OR (f.organisation_id = $2 AND r.offer_side = 'dismissed'))`,
        [id, actor.organisationId],
      )) as unknown[];
      if (again) return { id, dismissed: true };
    }
    const row = await this.visibleRow(actor, id);
    const side = actor.organisationId === row.need_org.id ? 'need' : actor.organisationId === row.offer_org.id ? 'offer' : null;
    if (!side) throw new AppError('FORBIDDEN', 'Only members of the nonprofit or of the company of this match can react to it.');
    const needId = row.need.id as string;
    const offerId = row.offer.id as string;
    await this.dataSource.transaction(async (manager) => {
      // INSERT answers its RETURNING rows only (no affected count): a row means the reaction changed.
      const changed = (await manager.query(
        `INSERT INTO match_reactions (id, need_id, offer_id, ${side}_side, ${side}_side_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (id) DO UPDATE SET ${side}_side = EXCLUDED.${side}_side, ${side}_side_at = now()
         WHERE match_reactions.${side}_side IS DISTINCT FROM EXCLUDED.${side}_side
         RETURNING 1`,
        [id, needId, offerId, reaction],
      )) as unknown[];
      if (reaction === 'dismissed' && changed.length) {
        await manager.query(`DELETE FROM matches WHERE id = $1`, [id]);
        await this.refill(manager, needId, offerId);
      }
    });
    if (reaction === 'dismissed') return { id, dismissed: true };
    return this.get(actor, id);
  }

  /** Takes back the actor's side's reaction; a dismissed pair can come back at the next match. */
  async clearReaction(actor: Actor, id: string): Promise<void> {
    const [r] = (await this.dataSource.query(
      `SELECT r.need_id, r.offer_id, n.organisation_id AS need_org, f.organisation_id AS offer_org, r.need_side, r.offer_side
         FROM match_reactions r JOIN needs n ON n.id = r.need_id JOIN offers f ON f.id = r.offer_id WHERE r.id = $1`,
      [id],
    )) as Array<{ need_id: string; offer_id: string; need_org: string; offer_org: string; need_side: Reaction | null; offer_side: Reaction | null }>;
    const side = r && (actor.organisationId === r.need_org ? 'need' : actor.organisationId === r.offer_org ? 'offer' : null);
    if (!r || !side || r[`${side}_side`] === null) throw new AppError('MATCH_NOT_FOUND', `You have no reaction to match ${id}.`);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE match_reactions SET ${side}_side = NULL, ${side}_side_at = NULL WHERE id = $1`, [id]);
      await manager.query(`DELETE FROM match_reactions WHERE id = $1 AND need_side IS NULL AND offer_side IS NULL`, [id]);
      if (r[`${side}_side`] === 'dismissed') await this.refill(manager, r.need_id, r.offer_id);
    });
  }

  private async refill(manager: import('typeorm').EntityManager, needId: string, offerId: string): Promise<void> {
    const trigger = `r${Date.now()}`;
    const [n] = (await manager.query(`SELECT version FROM needs WHERE id = $1`, [needId])) as Array<{ version: number }>;
    const [o] = (await manager.query(`SELECT version FROM offers WHERE id = $1`, [offerId])) as Array<{ version: number }>;
    await this.outbox.enqueue(manager, JobName.MatchNeed, { needId, version: n.version, change: 'reaction', trigger });
    await this.outbox.enqueue(manager, JobName.MatchOffer, { offerId, version: o.version, change: 'reaction', trigger });
  }

  private readonly weightsCache = new Map<string, Promise<MatchingWeights | null>>();

  private weightsOf(version: string): Promise<MatchingWeights | null> {
    let w = this.weightsCache.get(version);
    if (!w) {
      w = this.weights.byVersion(version);
      this.weightsCache.set(version, w);
      w.catch(() => this.weightsCache.delete(version));
    }
    return w;
  }

  private async toDto(r: MatchRowDb): Promise<MatchDto> {
    const weights = await this.weightsOf(r.weights_version);
    const sum = weights ? COMPONENTS.reduce((s, c) => s + weights[c], 0) : 0;
    const breakdown: MatchBreakdownDto = {
      components: COMPONENTS.map((name) => {
        const value = r.breakdown.components[name] ?? 0;
        const weight = weights?.[name] ?? 0;
        return { name, value, weight, contribution: sum ? Math.round((weight * value * 1e4) / sum) / 1e4 : 0 };
      }),
      distanceKm: r.breakdown.distanceKm,
      sharedTags: r.breakdown.sharedTags,
    };
    const listing = (l: Record<string, unknown>, org: Record<string, unknown>): MatchListingDto =>
      ({ giveBack: null, wantsInReturn: [], ...l, organisation: org }) as unknown as MatchListingDto;
    return {
      id: r.id,
      score: r.score,
      districtId: r.district_id,
      need: listing(r.need, r.need_org),
      offer: listing(r.offer, r.offer_org),
      breakdown,
      reasons: reasonsOf(r),
      reactions: { need: r.need_side, offer: r.offer_side, mutual: r.need_side === 'interested' && r.offer_side === 'interested' },
      weightsVersion: r.weights_version,
      computedAt: r.computed_at,
    };
  }
}

/** What the reasons are made from: the breakdown, and the need's and offer's category and unit (and what the offer wants in return). */
export type MatchReasonInput = Pick<MatchRowDb, 'breakdown' | 'need' | 'offer'>;

/** The breakdown as sentences a nonprofit or a CSR lead can read (also used by the marketplaces' suggestion lists). */
export function reasonsOf(r: MatchReasonInput): string[] {
  const c = r.breakdown.components;
  const out: string[] = [];
  const needCat = CATEGORY_DE[r.need.category as string] ?? (r.need.category as string);
  const offerCat = CATEGORY_DE[r.offer.category as string] ?? (r.offer.category as string);
  out.push(c.category >= 1 ? `Gleiche Kategorie: ${needCat}.` : `Verwandte Kategorie: ${offerCat} für einen Bedarf an ${needCat}.`);
  if (r.breakdown.sharedTags.length) out.push(`Gemeinsame Schlagworte: ${r.breakdown.sharedTags.join(', ')}.`);
  if (c.text >= 0.5) out.push('Die Beschreibungen passen gut zusammen.');
  else if (c.text >= 0.2) out.push('Die Beschreibungen haben einiges gemeinsam.');
  out.push(`${de(r.breakdown.distanceKm)} km vom Unternehmen entfernt.`);
  if (c.quantity >= 1) out.push('Das Angebot deckt den ganzen Bedarf.');
  else if (c.quantity !== 0.5 || r.need.unit === r.offer.unit) out.push(`Das Angebot deckt etwa ${Math.round(c.quantity * 100)} % des Bedarfs.`);
  if (c.timeframe >= 1) out.push('Der Zeitraum passt vollständig.');
  else out.push(`Der Zeitraum passt zu etwa ${Math.round(c.timeframe * 100)} %.`);
  if (c.causes > 0.5) out.push('Das Unternehmen engagiert sich bevorzugt für die Anliegen dieser Organisation.');
  if (c.giveBack >= 1 && ((r.offer.wantsInReturn as string[] | undefined)?.length ?? 0) > 0) out.push('Die gewünschte Gegenleistung kann erbracht werden.');
  else if (c.giveBack < 1) out.push(`Die Organisation kann ${Math.round(c.giveBack * 100)} % der gewünschten Gegenleistungen erbringen.`);
  return out;
}
