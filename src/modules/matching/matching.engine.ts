import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { DistrictsService } from '../districts/districts.service';
import { boundingBox } from '../listings/geo';
import { explainPair, scoreBatch, type ScoredPair } from './scoring/batch';
import { Interner, TagIndex, toFeatures, type ListingFeatures, type ListingSource, type TagStats } from './scoring/features';
import type { MatchBreakdown } from './match.entity';
import { WeightsService, type VersionedWeights } from './weights.service';

/** What a matching job did, returned as the job's result. */
export interface MatchingRun {
  scope: string;
  needs: number;
  offers: number;
  /** Pairs looked at after category pruning / pairs that passed every hard filter. */
  evaluated: number;
  scored: number;
  /** Rows kept, of which written (new or changed), and rows removed. */
  kept: number;
  written: number;
  removed: number;
  weightsVersion: string | null;
  ms: number;
}

interface NeedRow extends ListingSource {
  districtId: string;
}
interface OfferRow extends Omit<ListingSource, 'radiusKm'> {
  districtIds: string[];
  radiusKm: number | null;
}

interface MatchRow {
  needId: string;
  offerId: string;
  districtId: string;
  needOrg: string;
  offerOrg: string;
  score: number;
  breakdown: string;
  weightsVersion: string;
}

const NEED_SELECT = `
  SELECT n.id, n.organisation_id AS "organisationId", n.district_id AS "districtId", n.category, n.unit,
         n.quantity AS amount, n.starts_at AS "startsAt", n.ends_at AS "endsAt", n.lat, n.lon, n.tags,
         tsvector_to_array(n.search_vector) AS lexemes, o.cause_areas AS "causeAreas", o.give_backs AS "giveBacks"
    FROM needs n JOIN organisations o ON o.id = n.organisation_id`;

const OFFER_SELECT = `
  SELECT f.id, f.organisation_id AS "organisationId", f.category, f.unit, f.capacity AS amount,
         f.starts_at AS "startsAt", f.ends_at AS "endsAt", f.lat, f.lon, f.tags,
         tsvector_to_array(f.search_vector) AS lexemes, c.engagement_cause_areas AS "causeAreas",
         f.wants_in_return AS "giveBacks", f.district_ids::text[] AS "districtIds", f.radius_km AS "radiusKm"
    FROM offers f JOIN organisations c ON c.id = f.organisation_id`;

/** Advisory-lock namespace of the per-district matching lock. */
const DISTRICT_LOCK = 7301;
const WRITE_CHUNK = 5_000;
const TAG_STATS_CHECK_MS = 5_000;
/** Advisory-lock namespace of the tag statistics refresh. */
const TAG_STATS_LOCK = 7303;

/**
 * Computes and stores matches. Every entry point takes the advisory locks of the districts it
 * touches (in one order, so no deadlocks), reads the current data inside that transaction, and
 * writes only rows that changed: running a job twice leaves the same rows.
 */
@Injectable()
export class MatchingEngine {
  private readonly logger = new Logger(MatchingEngine.name);
  private tagStats?: { at: number; checkedAt: number; value: TagStats };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly districts: DistrictsService,
    private readonly weights: WeightsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get k(): number {
    return this.config.MATCHING_TOP_K;
  }

  /**
   * Document frequencies of tags over all published needs and offers, from the snapshot in
   * `tag_statistics` (taken when empty, and by every rematch-all): every worker scores with the
   * same numbers. Each process checks the snapshot's time at most every 5 seconds.
   */
  async tagStatistics(): Promise<TagStats> {
    const now = Date.now();
    if (this.tagStats && now - this.tagStats.checkedAt < TAG_STATS_CHECK_MS) return this.tagStats.value;
    const [{ at }] = (await this.dataSource.query(`SELECT max(refreshed_at) AS at FROM tag_statistics`)) as [{ at: Date | null }];
    if (!at) return this.refreshTagStatistics();
    if (this.tagStats && this.tagStats.at === at.getTime()) {
      this.tagStats.checkedAt = now;
      return this.tagStats.value;
    }
    const rows = (await this.dataSource.query(`SELECT tag, listings, total FROM tag_statistics`)) as Array<{ tag: string; listings: number; total: number }>;
    const value: TagStats = { total: rows[0]?.total ?? 0, df: new Map(rows.map((r) => [r.tag, r.listings])) };
    this.tagStats = { at: at.getTime(), checkedAt: now, value };
    return value;
  }

  /** Takes a new snapshot of the tag statistics (one process at a time). */
  async refreshTagStatistics(): Promise<TagStats> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${TAG_STATS_LOCK}, 0)`);
      await manager.query(`DELETE FROM tag_statistics`);
      await manager.query(
        `WITH tags AS (
           SELECT lower(btrim(t)) AS tag FROM needs, unnest(tags) t WHERE status = 'published'
           UNION ALL SELECT lower(btrim(t)) FROM offers, unnest(tags) t WHERE status = 'published'),
         total AS (
           SELECT (SELECT count(*) FROM needs WHERE status = 'published') + (SELECT count(*) FROM offers WHERE status = 'published') AS n)
         INSERT INTO tag_statistics (tag, listings, total, refreshed_at)
         SELECT tag, count(*), (SELECT n FROM total), now() FROM tags WHERE tag <> '' GROUP BY tag
         UNION ALL SELECT '', 0, (SELECT n FROM total), now()`,
      );
    });
    this.tagStats = undefined;
    return this.tagStatistics();
  }

  /** Published needs' districts: the units rematch-all fans out over (within a subtree, if given). */
  async districtsWithNeeds(scopeDistrictId?: string): Promise<string[]> {
    const scope = scopeDistrictId ? await this.districts.subtreeIds(scopeDistrictId) : null;
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT district_id AS id FROM needs WHERE status = 'published' ${scope ? 'AND district_id = ANY($1::uuid[])' : ''} ORDER BY 1`,
      scope ? [scope] : [],
    )) as Array<{ id: string }>;
    // Districts whose needs all left still hold matches until rematched.
    const stale = (await this.dataSource.query(
      `SELECT DISTINCT district_id AS id FROM matches ${scope ? 'WHERE district_id = ANY($1::uuid[])' : ''}`,
      scope ? [scope] : [],
    )) as Array<{ id: string }>;
    return [...new Set([...rows, ...stale].map((r) => r.id))].sort();
  }

  /** Served districts of a need in district d: d, its descendants and its ancestors. */
  private async servedBy(districtId: string): Promise<string[]> {
    const d = await this.districts.cached(districtId);
    return [...new Set([...(await this.districts.subtreeIds(districtId)), ...d.ancestorIds])];
  }

  private async lock(manager: EntityManager, districtIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(districtIds)];
    if (!ids.length) return;
    await manager.query(
      `SELECT count(pg_advisory_xact_lock(${DISTRICT_LOCK}, k)) FROM (SELECT DISTINCT hashtext(d) AS k FROM unnest($1::text[]) d ORDER BY 1) s`,
      [ids],
    );
  }

  /** Recomputes one Quartier: every published need in it against every offer that serves it. */
  async rematchDistrict(districtId: string): Promise<MatchingRun> {
    const started = Date.now();
    await this.districts.cached(districtId);
    const served = await this.servedBy(districtId);
    const stats = await this.tagStatistics();
    const weights = await this.weights.forDistrict(districtId);
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, [districtId]);
      const needs = (await manager.query(`${NEED_SELECT} WHERE n.district_id = $1 AND n.status = 'published' ORDER BY n.id`, [districtId])) as NeedRow[];
      let offers: OfferRow[] = [];
      if (needs.length) {
        const { lat, lon, extentKm } = spread(needs);
        offers = (await manager.query(
          `${OFFER_SELECT} WHERE (f.status = 'published' AND f.district_ids && $1::uuid[])
              OR (f.status = 'published' AND f.radius_km IS NOT NULL AND marktplatz_distance_km(f.lat, f.lon, $2, $3) <= f.radius_km + $4)
            ORDER BY f.id`,
          [served, lat, lon, extentKm],
        )) as OfferRow[];
      }
      const servedSet = new Set(served);
      const tags = new TagIndex(stats);
      const orgs = new Interner();
      const needF = needs.map((n) => toFeatures(n, tags, orgs));
      const offerF = offers.map((o) => toFeatures({ ...o, radiusKm: o.districtIds.some((d) => servedSet.has(d)) ? Infinity : (o.radiusKm ?? 0) }, tags, orgs));
      const { excluded, pinned } = await this.reactions(manager, `n.district_id = $1`, [districtId], needF, offerF);
      const result = scoreBatch(needF, offerF, { weights: weights.weights, idf: tags.idf, k: this.k, excluded, pinned });
      const rows = this.toRows(result.pairs, needs, offers, needF, offerF, tags, weights);
      const removed = await this.removeOthers(manager, `m.district_id = $3`, [districtId], rows);
      const written = await this.upsert(manager, rows);
      return { scope: `district ${districtId}`, needs: needs.length, offers: offers.length, evaluated: result.evaluated, scored: result.scored, kept: rows.length, written, removed, weightsVersion: weights.version, ms: Date.now() - started };
    });
  }

  /**
   * Recomputes one need's matches: its own top K exactly, plus its pairs that now belong in an
   * offer's top K in this Quartier. An offer list may then hold more than K rows (reads take the
   * best K) until the district's next rematch trims it.
   */
  async matchNeed(needId: string): Promise<MatchingRun> {
    const started = Date.now();
    const [need] = (await this.dataSource.query(`${NEED_SELECT} WHERE n.id = $1`, [needId])) as NeedRow[];
    const [{ status } = { status: null }] = (await this.dataSource.query(`SELECT status FROM needs WHERE id = $1`, [needId])) as Array<{ status: string }>;
    const previous = (await this.dataSource.query(`SELECT DISTINCT district_id AS id FROM matches WHERE need_id = $1`, [needId])) as Array<{ id: string }>;
    if (!need || status !== 'published') {
      return this.dataSource.transaction(async (manager) => {
        await this.lock(manager, previous.map((r) => r.id));
        const [, removed] = (await manager.query(`DELETE FROM matches WHERE need_id = $1`, [needId])) as [unknown, number];
        return { scope: `need ${needId}`, needs: 0, offers: 0, evaluated: 0, scored: 0, kept: 0, written: 0, removed, weightsVersion: null, ms: Date.now() - started };
      });
    }
    const served = await this.servedBy(need.districtId);
    const stats = await this.tagStatistics();
    const weights = await this.weights.forDistrict(need.districtId);
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, [need.districtId, ...previous.map((r) => r.id)]);
      const [fresh] = (await manager.query(`${NEED_SELECT} WHERE n.id = $1 AND n.status = 'published'`, [needId])) as NeedRow[];
      if (!fresh || fresh.districtId !== need.districtId) throw new Error(`need ${needId} changed while being matched; retrying`);
      const offers = (await manager.query(
        `${OFFER_SELECT} WHERE (f.status = 'published' AND f.district_ids && $1::uuid[])
            OR (f.status = 'published' AND f.radius_km IS NOT NULL AND marktplatz_distance_km(f.lat, f.lon, $2, $3) <= f.radius_km)
          ORDER BY f.id`,
        [served, fresh.lat, fresh.lon],
      )) as OfferRow[];
      const servedSet = new Set(served);
      const tags = new TagIndex(stats);
      const orgs = new Interner();
      const needF = [toFeatures(fresh, tags, orgs)];
      const offerF = offers.map((o) => toFeatures({ ...o, radiusKm: o.districtIds.some((d) => servedSet.has(d)) ? Infinity : (o.radiusKm ?? 0) }, tags, orgs));
      const { excluded, pinned } = await this.reactions(manager, `r.need_id = $1`, [needId], needF, offerF);
      const all = scoreBatch(needF, offerF, { weights: weights.weights, idf: tags.idf, k: offerF.length || 1, excluded, pinned });
      // Its own top K (and pinned pairs), then pairs that make an offer's top K in this district.
      const own = new Set(all.pairs.slice(0, this.k).map((p) => p.offer));
      for (const key of pinned) own.add(key); // one need: the key is the offer's index
      const thresholds = await this.thresholds(manager, `district_id = $1 AND offer_id = ANY($2::uuid[]) AND need_id <> $3 GROUP BY offer_id`, 'offer_id', [fresh.districtId, offers.map((o) => o.id), needId]);
      const keptPairs = all.pairs.filter((p) => own.has(p.offer) || qualifies(thresholds.get(offers[p.offer].id), p.score, this.k));
      const rows = this.toRows(keptPairs, [fresh], offers, needF, offerF, tags, weights);
      const removed = await this.removeOthers(manager, `m.need_id = $3`, [needId], rows);
      const written = await this.upsert(manager, rows);
      return { scope: `need ${needId}`, needs: 1, offers: offers.length, evaluated: all.evaluated, scored: all.scored, kept: rows.length, written, removed, weightsVersion: weights.version, ms: Date.now() - started };
    });
  }

  /**
   * Recomputes one offer's matches: its top K in each Quartier it serves, plus its pairs that now
   * belong in a need's top K.
   */
  async matchOffer(offerId: string): Promise<MatchingRun> {
    const started = Date.now();
    const [offer] = (await this.dataSource.query(`${OFFER_SELECT} WHERE f.id = $1 AND f.status = 'published'`, [offerId])) as OfferRow[];
    const previous = (await this.dataSource.query(`SELECT DISTINCT district_id AS id FROM matches WHERE offer_id = $1`, [offerId])) as Array<{ id: string }>;
    if (!offer) {
      return this.dataSource.transaction(async (manager) => {
        await this.lock(manager, previous.map((r) => r.id));
        const [, removed] = (await manager.query(`DELETE FROM matches WHERE offer_id = $1`, [offerId])) as [unknown, number];
        return { scope: `offer ${offerId}`, needs: 0, offers: 0, evaluated: 0, scored: 0, kept: 0, written: 0, removed, weightsVersion: null, ms: Date.now() - started };
      });
    }
    // An offer for district X serves needs in X, in X's descendants and in X's ancestors.
    const box = boundingBox(offer.lat, offer.lon, offer.radiusKm ?? 0);
    const servedDistricts = new Set<string>();
    for (const x of offer.districtIds) for (const d of await this.servedBy(x)) servedDistricts.add(d);
    const candidates = (await this.dataSource.query(
      `SELECT DISTINCT district_id AS id FROM needs WHERE status = 'published' AND (district_id = ANY($1::uuid[])
          OR ($2::float8 IS NOT NULL AND lat BETWEEN $5 AND $6 AND lon BETWEEN $7 AND $8 AND marktplatz_distance_km(lat, lon, $3, $4) <= $2))`,
      [[...servedDistricts], offer.radiusKm, offer.lat, offer.lon, box.minLat, box.maxLat, box.minLon, box.maxLon],
    )) as Array<{ id: string }>;
    const stats = await this.tagStatistics();
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, [...candidates.map((r) => r.id), ...previous.map((r) => r.id)]);
      const [fresh] = (await manager.query(`${OFFER_SELECT} WHERE f.id = $1 AND f.status = 'published'`, [offerId])) as OfferRow[];
      if (!fresh || fresh.districtIds.join() !== offer.districtIds.join() || fresh.radiusKm !== offer.radiusKm) throw new Error(`offer ${offerId} changed while being matched; retrying`);
      const needs = (await manager.query(
        `${NEED_SELECT} WHERE n.status = 'published' AND n.district_id = ANY($1::uuid[]) ORDER BY n.id`,
        [candidates.map((r) => r.id)],
      )) as NeedRow[];
      const tags = new TagIndex(stats);
      const orgs = new Interner();
      const offerF = [toFeatures({ ...fresh, radiusKm: Infinity }, tags, orgs)];
      const radiusF = fresh.radiusKm != null ? [toFeatures({ ...fresh, radiusKm: fresh.radiusKm }, tags, orgs)] : null;
      const rows: MatchRow[] = [];
      const byDistrict = groupBy(needs, (n) => n.districtId);
      let evaluated = 0;
      let scored = 0;
      let weightsVersion: string | null = null;
      const needIds = needs.map((n) => n.id);
      const thresholds = await this.thresholds(manager, `need_id = ANY($1::uuid[]) AND offer_id <> $2 GROUP BY need_id`, 'need_id', [needIds, offerId]);
      for (const [districtId, group] of byDistrict) {
        const weights = await this.weights.forDistrict(districtId);
        weightsVersion = weights.version;
        const byList = servedDistricts.has(districtId);
        const thisOffer = byList ? offerF : radiusF!;
        const needF = group.map((n) => toFeatures(n, tags, orgs));
        const { excluded, pinned } = await this.reactions(manager, `r.offer_id = $1 AND r.need_id = ANY($2::uuid[])`, [offerId, group.map((n) => n.id)], needF, thisOffer);
        const all = scoreBatch(needF, thisOffer, { weights: weights.weights, idf: tags.idf, k: Math.max(1, needF.length), excluded, pinned });
        evaluated += all.evaluated;
        scored += all.scored;
        const own = new Set(all.pairs.slice(0, this.k).map((p) => p.need));
        for (const key of pinned) own.add(key); // one offer: the key is the need's index
        const kept = all.pairs.filter((p) => own.has(p.need) || qualifies(thresholds.get(group[p.need].id), p.score, this.k));
        rows.push(...this.toRows(kept, group, [fresh], needF, thisOffer, tags, weights));
      }
      const removed = await this.removeOthers(manager, `m.offer_id = $3`, [offerId], rows);
      const written = await this.upsert(manager, rows);
      return { scope: `offer ${offerId}`, needs: needs.length, offers: 1, evaluated, scored, kept: rows.length, written, removed, weightsVersion, ms: Date.now() - started };
    });
  }

  /** Dismissed pairs (excluded) and pairs with interest (pinned), as batch keys. */
  private async reactions(manager: EntityManager, where: string, params: unknown[], needs: ListingFeatures[], offers: ListingFeatures[]) {
    const rows = (await manager.query(
      `SELECT r.need_id, r.offer_id, r.need_side, r.offer_side FROM match_reactions r JOIN needs n ON n.id = r.need_id WHERE ${where}`,
      params,
    )) as Array<{ need_id: string; offer_id: string; need_side: string | null; offer_side: string | null }>;
    const excluded = new Set<number>();
    const pinned = new Set<number>();
    if (!rows.length) return { excluded, pinned };
    const needIndex = new Map(needs.map((n, i) => [n.id, i]));
    const offerIndex = new Map(offers.map((o, i) => [o.id, i]));
    for (const r of rows) {
      const ni = needIndex.get(r.need_id);
      const oi = offerIndex.get(r.offer_id);
      if (ni === undefined || oi === undefined) continue;
      const key = ni * offers.length + oi;
      if (r.need_side === 'dismissed' || r.offer_side === 'dismissed') excluded.add(key);
      else if (r.need_side === 'interested' || r.offer_side === 'interested') pinned.add(key);
    }
    return { excluded, pinned };
  }

  /** The current K-th best score (and count) of each list, without the item being recomputed. */
  private async thresholds(manager: EntityManager, where: string, key: 'offer_id' | 'need_id', params: unknown[]) {
    const rows = (await manager.query(
      `SELECT ${key} AS id, count(*)::int AS n, (array_agg(score ORDER BY score DESC))[${this.k}] AS kth FROM matches WHERE ${where}`,
      params,
    )) as Array<{ id: string; n: number; kth: number | null }>;
    return new Map(rows.map((r) => [r.id, r]));
  }

  private toRows(pairs: ScoredPair[], needs: NeedRow[], offers: OfferRow[], needF: ListingFeatures[], offerF: ListingFeatures[], tags: TagIndex, weights: VersionedWeights): MatchRow[] {
    const idf = tags.idf;
    return pairs.map((p) => {
      const b = explainPair(needF[p.need], offerF[p.offer], weights.weights, idf)!;
      const breakdown: MatchBreakdown = { components: b.components, distanceKm: b.distanceKm, sharedTags: b.sharedTags.map((t) => tags.names[t]) };
      const n = needs[p.need];
      const o = offers[p.offer];
      return { needId: n.id, offerId: o.id, districtId: n.districtId, needOrg: n.organisationId, offerOrg: o.organisationId, score: b.score, breakdown: JSON.stringify(breakdown), weightsVersion: weights.version };
    });
  }

  /** Deletes the scope's rows that are not in `keep` ($1, $2 are the kept pairs). */
  private async removeOthers(manager: EntityManager, scope: string, params: unknown[], keep: MatchRow[]): Promise<number> {
    const [, count] = (await manager.query(
      `DELETE FROM matches m WHERE ${scope}
          AND NOT EXISTS (SELECT 1 FROM unnest($1::uuid[], $2::uuid[]) AS k(n, o) WHERE k.n = m.need_id AND k.o = m.offer_id)`,
      [keep.map((r) => r.needId), keep.map((r) => r.offerId), ...params],
    )) as [unknown, number];
    return count;
  }

  /** Inserts new pairs and updates changed ones; unchanged rows are left untouched. */
  private async upsert(manager: EntityManager, rows: MatchRow[]): Promise<number> {
    let written = 0;
    for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
      const chunk = rows.slice(i, i + WRITE_CHUNK);
      // INSERT answers its RETURNING rows only (no affected count, unlike UPDATE/DELETE): count those.
      const changed = (await manager.query(
        `INSERT INTO matches (id, need_id, offer_id, district_id, need_organisation_id, offer_organisation_id, score, breakdown, weights_version, computed_at)
         SELECT md5(r.n::text || r.o::text)::uuid, r.n, r.o, r.d, r.no, r.oo, r.s, r.b, r.v, now()
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::float8[], $7::jsonb[], $8::text[]) AS r(n, o, d, no, oo, s, b, v)
         ON CONFLICT (need_id, offer_id) DO UPDATE SET
           district_id = EXCLUDED.district_id, need_organisation_id = EXCLUDED.need_organisation_id,
           offer_organisation_id = EXCLUDED.offer_organisation_id, score = EXCLUDED.score, breakdown = EXCLUDED.breakdown,
           weights_version = EXCLUDED.weights_version, computed_at = EXCLUDED.computed_at
         WHERE (matches.score, matches.breakdown, matches.weights_version, matches.district_id)
               IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.breakdown, EXCLUDED.weights_version, EXCLUDED.district_id)
         RETURNING 1`,
        [
          chunk.map((r) => r.needId),
          chunk.map((r) => r.offerId),
          chunk.map((r) => r.districtId),
          chunk.map((r) => r.needOrg),
          chunk.map((r) => r.offerOrg),
          chunk.map((r) => r.score),
          chunk.map((r) => r.breakdown),
          chunk.map((r) => r.weightsVersion),
        ],
      )) as unknown[];
      written += changed.length;
    }
    return written;
  }
}

/** Would a pair with this score enter a list whose K-th best (without it) is `t`? */
function qualifies(t: { n: number; kth: number | null } | undefined, score: number, k: number): boolean {
  return !t || t.n < k || t.kth == null || score > t.kth;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The centre of a set of points and the farthest point's distance from it (km). */
function spread(points: Array<{ lat: number; lon: number }>): { lat: number; lon: number; extentKm: number } {
  const lat = points.reduce((s, p) => s + p.lat, 0) / points.length;
  const lon = points.reduce((s, p) => s + p.lon, 0) / points.length;
  let extentKm = 0;
  for (const p of points) extentKm = Math.max(extentKm, haversine(lat, lon, p.lat, p.lon));
  return { lat, lon, extentKm: extentKm + 0.01 };
}

function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 12742.0176 * Math.asin(Math.min(1, Math.sqrt(a)));
}
