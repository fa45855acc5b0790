import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/env';
import { DistrictsService } from '../districts/districts.service';
import { EventsService } from '../events/events.service';
import { boundingBox } from '../listings/geo';
import { explainPair, scoreBatch, type ScoredPair } from './scoring/batch';
import { Interner, TagIndex, toFeatures, type ListingFeatures, type TagStats } from './scoring/features';
import type { MatchBreakdown } from './match.entity';
import { MatchingSnapshot, type NeedRow, type OfferRow } from './matching.snapshot';
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

interface MatchRow {
  needId: string;
  offerId: string;
  districtId: string;
  needOrg: string;
  offerOrg: string;
  score: number;
  breakdown: string;
  weightsVersion: string;
  /** Why the row is kept: in its need's top K (or pinned) / in its offer's top K. */
  forNeed: boolean;
  forOffer: boolean;
}

/** Which keep-reason flags a write sets; the other flag of an existing row stays as it is. */
type FlagMode = 'need' | 'offer' | 'both';

const NEED_SELECT = `
  SELECT n.id, n.version, n.organisation_id AS "organisationId", n.district_id AS "districtId", n.category, n.unit,
         n.quantity AS amount, n.starts_at AS "startsAt", n.ends_at AS "endsAt", n.lat, n.lon, n.tags,
         tsvector_to_array(n.search_vector) AS lexemes, o.cause_areas AS "causeAreas", o.give_backs AS "giveBacks"
    FROM needs n JOIN organisations o ON o.id = n.organisation_id`;

const OFFER_SELECT = `
  SELECT f.id, f.version, f.organisation_id AS "organisationId", f.category, f.unit, f.capacity AS amount,
         f.starts_at AS "startsAt", f.ends_at AS "endsAt", f.lat, f.lon, f.tags,
         tsvector_to_array(f.search_vector) AS lexemes, c.engagement_cause_areas AS "causeAreas",
         f.wants_in_return AS "giveBacks", f.district_ids::text[] AS "districtIds", f.radius_km AS "radiusKm"
    FROM offers f JOIN organisations c ON c.id = f.organisation_id`;

/** Advisory-lock namespaces: per district (need side), per offer (offer side), tag statistics. */
const DISTRICT_LOCK = 7301;
const OFFER_LOCK = 7304;
const TAG_STATS_LOCK = 7303;
const WRITE_CHUNK = 5_000;
const TAG_STATS_CHECK_MS = 5_000;

type Versioned = { id: string; version: number };

/**
 * Computes and stores matches. A row is kept for its need (in the need's top K, or a side showed
 * interest) and/or for its offer (in the offer's top K); each row says which (`for_need`,
 * `for_offer`), so that the need side (per Quartier) and the offer side (per offer, across all
 * Quartiere it serves) are computed apart and a row goes when neither keeps it.
 *
 * Every entry point takes advisory locks (districts for the need side, offers for the offer
 * side; always in one order, so no deadlocks), checks inside that transaction that what it
 * scores is still current, and writes only rows that changed: running a job twice leaves the
 * same rows.
 */
@Injectable()
export class MatchingEngine {
  private readonly logger = new Logger(MatchingEngine.name);
  private tagStats?: { at: number; checkedAt: number; value: TagStats };
  private snap?: { runId: string; value: Promise<MatchingSnapshot> };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly districts: DistrictsService,
    private readonly weights: WeightsService,
    private readonly events: EventsService,
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

  /** A district and its descendants. */
  scopeDistricts(districtId: string): Promise<string[]> {
    return this.districts.subtreeIds(districtId);
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

  private async lockOffers(manager: EntityManager, offerIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(offerIds)];
    if (!ids.length) return;
    await manager.query(
      `SELECT count(pg_advisory_xact_lock(${OFFER_LOCK}, k)) FROM (SELECT DISTINCT hashtext(d) AS k FROM unnest($1::text[]) d ORDER BY 1) s`,
      [ids],
    );
  }

  /**
   * All published needs and offers as features, once per run and worker process (the district
   * and offer jobs of a rematch-all share it). A new run id builds a new one.
   */
  snapshot(runId: string): Promise<MatchingSnapshot> {
    if (this.snap?.runId !== runId) {
      const value = this.buildSnapshot(runId);
      this.snap = { runId, value };
      value.catch(() => (this.snap = undefined));
    }
    return this.snap!.value;
  }

  private async buildSnapshot(runId: string): Promise<MatchingSnapshot> {
    const started = Date.now();
    const stats = await this.tagStatistics();
    const needRows = (await this.dataSource.query(`${NEED_SELECT} WHERE n.status = 'published' ORDER BY n.id`)) as NeedRow[];
    const offerRows = (await this.dataSource.query(`${OFFER_SELECT} WHERE f.status = 'published' ORDER BY f.id`)) as OfferRow[];
    const tags = new TagIndex(stats);
    const orgs = new Interner();
    const needs = needRows.map((n) => toFeatures(n, tags, orgs));
    const offers = offerRows.map((o) => toFeatures({ ...o, radiusKm: Infinity }, tags, orgs));
    const served = new Map<string, string[]>();
    for (const o of offerRows) for (const x of o.districtIds) if (!served.has(x)) served.set(x, await this.servedBy(x).catch(() => []));
    const snap = new MatchingSnapshot(runId, needRows, needs, offerRows, offers, tags, tags.idf, (x) => served.get(x) ?? []);
    for (const districtId of snap.needsByDistrict.keys()) snap.weightsByDistrict.set(districtId, await this.weights.forDistrict(districtId));
    this.logger.log(`snapshot ${runId}: ${needs.length} needs, ${offers.length} offers in ${Date.now() - started} ms`);
    return snap;
  }

  /** Which of these listings are still published in this version (checked inside the transaction). */
  private async current(manager: EntityManager, table: 'needs' | 'offers', rows: Versioned[]): Promise<Set<string>> {
    if (!rows.length) return new Set();
    const fresh = (await manager.query(`SELECT id, version FROM ${table} WHERE id = ANY($1::uuid[]) AND status = 'published'`, [rows.map((r) => r.id)])) as Versioned[];
    const version = new Map(fresh.map((r) => [r.id, r.version]));
    return new Set(rows.filter((r) => version.get(r.id) === r.version).map((r) => r.id));
  }

  /**
   * Recomputes one Quartier completely: the need side of its needs, then the offer side of every
   * offer serving it (their lists span all Quartiere they serve).
   */
  async rematchDistrict(districtId: string): Promise<MatchingRun> {
    const started = Date.now();
    await this.districts.cached(districtId);
    const snap = await this.buildSnapshot(`district-${districtId}-${started}`);
    const needs = await this.rematchDistrictNeeds(districtId, snap);
    const offers = await this.rematchOffers(snap.offersServing([districtId]).map((i) => snap.offerRows[i].id), snap);
    const kept = await this.countMatches([districtId]);
    return { ...sum(`district ${districtId}`, [needs, offers]), needs: needs.needs, offers: needs.offers, kept, ms: Date.now() - started };
  }

  /** Stored matches in these districts (all when null). */
  async countMatches(districtIds: string[] | null): Promise<number> {
    const [{ n }] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM matches ${districtIds ? 'WHERE district_id = ANY($1::uuid[])' : ''}`,
      districtIds ? [districtIds] : [],
    )) as [{ n: number }];
    return n;
  }

  /**
   * The need side of one Quartier: each published need's top K against every offer serving the
   * Quartier (plus pairs a side showed interest in). Needs or offers changed since the snapshot
   * are left to their own match-need / match-offer jobs.
   */
  async rematchDistrictNeeds(districtId: string, snap: MatchingSnapshot): Promise<MatchingRun> {
    const started = Date.now();
    const weights = snap.weightsByDistrict.get(districtId) ?? (await this.weights.forDistrict(districtId));
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, [districtId]);
      const freshNeeds = await this.current(manager, 'needs', snap.needsIn(districtId).map((i) => snap.needRows[i] as unknown as Versioned));
      const needIdx = snap.needsIn(districtId).filter((i) => freshNeeds.has(snap.needRows[i].id));
      const served = snap.offersFor(districtId);
      const freshOffers = await this.current(manager, 'offers', served.index.map((i) => snap.offerRows[i] as unknown as Versioned));
      const keepOffer = served.index.map((i) => freshOffers.has(snap.offerRows[i].id));
      const offerIdx = served.index.filter((_, j) => keepOffer[j]);
      const offerF = served.features.filter((_, j) => keepOffer[j]);
      const needF = needIdx.map((i) => snap.needs[i]);
      const needRows = needIdx.map((i) => snap.needRows[i]);
      const offerRows = offerIdx.map((i) => snap.offerRows[i]);
      const { excluded, pinned } = await this.reactions(manager, `n.district_id = $1`, [districtId], needF, offerF);
      const result = scoreBatch(needF, offerF, { weights: weights.weights, idf: snap.idf, k: this.k, excluded, pinned, offerTop: false, sortedById: true });
      const rows = this.toRows(result.pairs, needRows, offerRows, needF, offerF, snap.tags, weights, true, false);
      const stale = served.index.filter((_, j) => !keepOffer[j]).map((i) => snap.offerRows[i].id);
      // Rows of these needs no longer in their top K lose the need flag; rows no one keeps go.
      const [, unflagged] = (await manager.query(
        `UPDATE matches m SET for_need = false
           FROM (SELECT need_id, offer_id FROM matches WHERE need_id = ANY($3::uuid[]) AND for_need AND NOT (offer_id = ANY($4::uuid[]))
                 EXCEPT SELECT * FROM unnest($1::uuid[], $2::uuid[])) x
          WHERE m.need_id = x.need_id AND m.offer_id = x.offer_id`,
        [rows.map((r) => r.needId), rows.map((r) => r.offerId), needRows.map((n) => n.id), stale],
      )) as [unknown, number];
      const [, removed] = (await manager.query(`DELETE FROM matches WHERE district_id = $1 AND NOT for_need AND NOT for_offer`, [districtId])) as [unknown, number];
      const written = (await this.upsert(manager, rows, 'need')) + unflagged;
      return { scope: `district ${districtId} (needs)`, needs: needF.length, offers: offerF.length, evaluated: result.evaluated, scored: result.scored, kept: rows.length, written, removed, weightsVersion: weights.version, ms: Date.now() - started };
    });
  }

  /**
   * The offer side of these offers: each one's top K over every need it serves, in all Quartiere
   * (plus pairs a side showed interest in).
   */
  async rematchOffers(offerIds: string[], snap: MatchingSnapshot): Promise<MatchingRun> {
    const started = Date.now();
    const index = snap.offerIndex();
    const wanted = offerIds.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
    return this.dataSource.transaction(async (manager) => {
      await this.lockOffers(manager, wanted.map((i) => snap.offerRows[i].id));
      const fresh = await this.current(manager, 'offers', wanted.map((i) => snap.offerRows[i] as unknown as Versioned));
      const offers = wanted.filter((i) => fresh.has(snap.offerRows[i].id));
      const ids = offers.map((i) => snap.offerRows[i].id);
      const reactions = await this.offerReactions(manager, ids, snap);
      const rows: MatchRow[] = [];
      let evaluated = 0;
      let scored = 0;
      let weightsVersion: string | null = null;
      const staleNeeds = new Set<number>();
      const none = { excluded: new Set<number>(), pinned: new Set<number>() };
      let attempts = offers.map((oi) => this.offerTop(snap, oi, (reactions.get(oi) ?? none).excluded, (reactions.get(oi) ?? none).pinned, staleNeeds));
      // Needs withdrawn or changed since the snapshot are left to their own jobs: the offers that
      // picked one are scored again without them (one check for the whole batch).
      const checked = new Set<number>();
      for (let round = 0; round < 5; round++) {
        const picked = [...new Set(attempts.flatMap((a) => a.pairs.map((p) => p.need)))].filter((i) => !checked.has(i));
        if (!picked.length) break;
        const current = await this.current(manager, 'needs', picked.map((i) => snap.needRows[i] as unknown as Versioned));
        const before = staleNeeds.size;
        for (const i of picked) {
          checked.add(i);
          if (!current.has(snap.needRows[i].id)) staleNeeds.add(i);
        }
        if (staleNeeds.size === before) break;
        attempts = attempts.map((a, j) =>
          a.pairs.some((p) => staleNeeds.has(p.need)) ? this.offerTop(snap, offers[j], (reactions.get(offers[j]) ?? none).excluded, (reactions.get(offers[j]) ?? none).pinned, staleNeeds) : a,
        );
      }
      for (const [j, oi] of offers.entries()) {
        const attempt = attempts[j];
        evaluated += attempt.evaluated;
        scored += attempt.scored;
        for (const [version, group] of groupBy(attempt.pairs, (p) => attempt.weights.get(p.need)!.version)) {
          const weights = attempt.weightsOf.get(version)!;
          weightsVersion = version;
          // By-name features explain every pair (the radius only decides which pairs exist).
          rows.push(...this.toRows(group, snap.needRows, snap.offerRows, snap.needs, snap.offerByList, snap.tags, weights, false, true));
        }
      }
      const [, unflagged] = (await manager.query(
        `UPDATE matches m SET for_offer = false
           FROM (SELECT need_id, offer_id FROM matches WHERE offer_id = ANY($3::uuid[]) AND for_offer
                 EXCEPT SELECT * FROM unnest($1::uuid[], $2::uuid[])) x
          WHERE m.need_id = x.need_id AND m.offer_id = x.offer_id`,
        [rows.map((r) => r.needId), rows.map((r) => r.offerId), ids],
      )) as [unknown, number];
      const [, removed] = (await manager.query(`DELETE FROM matches WHERE offer_id = ANY($1::uuid[]) AND NOT for_need AND NOT for_offer`, [ids])) as [unknown, number];
      const written = (await this.upsert(manager, rows, 'offer')) + unflagged;
      return { scope: `${ids.length} offers`, needs: 0, offers: ids.length, evaluated, scored, kept: rows.length, written, removed, weightsVersion, ms: Date.now() - started };
    });
  }

  /** One offer's top K (and pinned pairs) over the needs it serves, by name and by radius. */
  private offerTop(snap: MatchingSnapshot, oi: number, excluded: Set<number>, pinned: Set<number>, skip: Set<number>) {
    const { byList, byRadius } = snap.districtsFor(oi);
    const weights = new Map<number, VersionedWeights>();
    const weightsOf = new Map<string, VersionedWeights>();
    const pairs: ScoredPair[] = [];
    let evaluated = 0;
    let scored = 0;
    for (const [features, districts] of [
      [snap.offerByList[oi], byList],
      [snap.offerByRadius[oi], byRadius],
    ] as const) {
      // Weights are per city: score each city's needs with its own.
      const byVersion = new Map<string, number[]>();
      for (const d of districts) {
        const w = snap.weightsByDistrict.get(d)!;
        weightsOf.set(w.version, w);
        let list = byVersion.get(w.version);
        if (!list) byVersion.set(w.version, (list = []));
        for (const i of snap.needsIn(d)) if (!skip.has(i)) list.push(i);
      }
      for (const [version, group] of byVersion) {
        if (!group.length) continue;
        const w = weightsOf.get(version)!;
        for (const p of pinned) if (group.includes(p)) weights.set(p, w);
        const r = scoreBatch(snap.needs, [features], { weights: w.weights, idf: snap.idf, k: this.k, excluded, pinned, needSubset: group, needTop: false, sortedById: true });
        evaluated += r.evaluated;
        scored += r.scored;
        for (const p of r.pairs) weights.set(p.need, w);
        pairs.push(...r.pairs);
      }
    }
    // Best first, ties by need id (snapshot order); keep K plus pinned pairs.
    pairs.sort((a, b) => b.score - a.score || a.need - b.need);
    const kept = pairs.filter((p, rank) => rank < this.k || pinned.has(p.need));
    return { pairs: kept.map((p) => ({ ...p, offer: oi })), evaluated, scored, weights, weightsOf };
  }

  private async offerReactions(manager: EntityManager, offerIds: string[], snap: MatchingSnapshot) {
    const out = new Map<number, { excluded: Set<number>; pinned: Set<number> }>();
    if (!offerIds.length) return out;
    const rows = (await manager.query(`SELECT need_id, offer_id, need_side, offer_side FROM match_reactions WHERE offer_id = ANY($1::uuid[])`, [offerIds])) as Array<{
      need_id: string;
      offer_id: string;
      need_side: string | null;
      offer_side: string | null;
    }>;
    const needIndex = snap.needIndex();
    const offerIndex = snap.offerIndex();
    for (const r of rows) {
      const ni = needIndex.get(r.need_id);
      const oi = offerIndex.get(r.offer_id);
      if (ni === undefined || oi === undefined) continue;
      let entry = out.get(oi);
      if (!entry) out.set(oi, (entry = { excluded: new Set(), pinned: new Set() }));
      if (r.need_side === 'dismissed' || r.offer_side === 'dismissed') entry.excluded.add(ni);
      else if (r.need_side === 'interested' || r.offer_side === 'interested') entry.pinned.add(ni);
    }
    return out;
  }

  /**
   * Recomputes one need's matches: its own top K exactly (for_need), plus its pairs that now
   * belong in an offer's top K (for_offer). An offer's list may then hold more than K rows (reads
   * take the best K) until the next rematch trims it.
   */
  async matchNeed(needId: string): Promise<MatchingRun> {
    const started = Date.now();
    const [need] = (await this.dataSource.query(`${NEED_SELECT} WHERE n.id = $1 AND n.status = 'published'`, [needId])) as NeedRow[];
    const previous = (await this.dataSource.query(`SELECT DISTINCT district_id AS id FROM matches WHERE need_id = $1`, [needId])) as Array<{ id: string }>;
    if (!need) {
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
      const all = scoreBatch(needF, offerF, { weights: weights.weights, idf: tags.idf, k: offerF.length || 1, excluded, pinned, sortedById: true });
      const own = new Set(all.pairs.slice(0, this.k).map((p) => p.offer));
      for (const key of pinned) own.add(key); // one need: the key is the offer's index
      const thresholds = await this.thresholds(manager, 'for_offer', `offer_id = ANY($1::uuid[]) AND need_id <> $2 GROUP BY offer_id`, 'offer_id', [offers.map((o) => o.id), needId]);
      const rows = this.toRows(all.pairs, [fresh], offers, needF, offerF, tags, weights, false, false)
        .map((r, i) => ({ ...r, forNeed: own.has(all.pairs[i].offer), forOffer: qualifies(thresholds.get(r.offerId), r.score, this.k) }))
        .filter((r) => r.forNeed || r.forOffer);
      const removed = await this.removeOthers(manager, `m.need_id = $3`, [needId], rows);
      const written = await this.upsert(manager, rows, 'both');
      return { scope: `need ${needId}`, needs: 1, offers: offers.length, evaluated: all.evaluated, scored: all.scored, kept: rows.length, written, removed, weightsVersion: weights.version, ms: Date.now() - started };
    });
  }

  /**
   * Recomputes one offer's matches: its top K over every need it serves (for_offer), plus its
   * pairs that now belong in a need's top K (for_need).
   */
  async matchOffer(offerId: string): Promise<MatchingRun> {
    const started = Date.now();
    const [offer] = (await this.dataSource.query(`${OFFER_SELECT} WHERE f.id = $1 AND f.status = 'published'`, [offerId])) as OfferRow[];
    const previous = (await this.dataSource.query(`SELECT DISTINCT district_id AS id FROM matches WHERE offer_id = $1`, [offerId])) as Array<{ id: string }>;
    if (!offer) {
      return this.dataSource.transaction(async (manager) => {
        await this.lockOffers(manager, [offerId]);
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
      await this.lockOffers(manager, [offerId]);
      await this.lock(manager, [...candidates.map((r) => r.id), ...previous.map((r) => r.id)]);
      const [fresh] = (await manager.query(`${OFFER_SELECT} WHERE f.id = $1 AND f.status = 'published'`, [offerId])) as OfferRow[];
      if (!fresh || fresh.districtIds.join() !== offer.districtIds.join() || fresh.radiusKm !== offer.radiusKm) throw new Error(`offer ${offerId} changed while being matched; retrying`);
      const needs = (await manager.query(`${NEED_SELECT} WHERE n.status = 'published' AND n.district_id = ANY($1::uuid[]) ORDER BY n.id`, [candidates.map((r) => r.id)])) as NeedRow[];
      const tags = new TagIndex(stats);
      const orgs = new Interner();
      const offerF = [toFeatures({ ...fresh, radiusKm: Infinity }, tags, orgs)];
      const radiusF = fresh.radiusKm != null ? [toFeatures({ ...fresh, radiusKm: fresh.radiusKm }, tags, orgs)] : null;
      let evaluated = 0;
      let scored = 0;
      let weightsVersion: string | null = null;
      const scoredRows: MatchRow[] = [];
      let pinnedNeeds = new Set<string>();
      for (const [districtId, group] of groupBy(needs, (n) => n.districtId)) {
        const weights = await this.weights.forDistrict(districtId);
        weightsVersion = weights.version;
        const thisOffer = servedDistricts.has(districtId) ? offerF : radiusF!;
        const needF = group.map((n) => toFeatures(n, tags, orgs));
        const { excluded, pinned } = await this.reactions(manager, `r.offer_id = $1 AND r.need_id = ANY($2::uuid[])`, [offerId, group.map((n) => n.id)], needF, thisOffer);
        pinnedNeeds = new Set([...pinnedNeeds, ...[...pinned].map((i) => group[i].id)]); // one offer: the key is the need's index
        const all = scoreBatch(needF, thisOffer, { weights: weights.weights, idf: tags.idf, k: Math.max(1, needF.length), excluded, pinned, sortedById: true });
        evaluated += all.evaluated;
        scored += all.scored;
        scoredRows.push(...this.toRows(all.pairs, group, [fresh], needF, thisOffer, tags, weights, false, false));
      }
      // Its own top K over all Quartiere (ties by need id), then pairs that make a need's top K.
      scoredRows.sort((a, b) => b.score - a.score || (a.needId < b.needId ? -1 : 1));
      const own = new Set(scoredRows.slice(0, this.k).map((r) => r.needId));
      for (const id of pinnedNeeds) own.add(id);
      const thresholds = await this.thresholds(manager, 'for_need', `need_id = ANY($1::uuid[]) AND offer_id <> $2 GROUP BY need_id`, 'need_id', [needs.map((n) => n.id), offerId]);
      const rows = scoredRows
        .map((r) => ({ ...r, forOffer: own.has(r.needId), forNeed: qualifies(thresholds.get(r.needId), r.score, this.k) }))
        .filter((r) => r.forNeed || r.forOffer);
      const removed = await this.removeOthers(manager, `m.offer_id = $3`, [offerId], rows);
      const written = await this.upsert(manager, rows, 'both');
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

  /** The current K-th best score (and count) of each list (rows kept for that side), without the item being recomputed. */
  private async thresholds(manager: EntityManager, flag: 'for_need' | 'for_offer', where: string, key: 'offer_id' | 'need_id', params: unknown[]) {
    const rows = (await manager.query(
      `SELECT ${key} AS id, count(*) FILTER (WHERE ${flag})::int AS n, (array_agg(score ORDER BY score DESC) FILTER (WHERE ${flag}))[${this.k}] AS kth
         FROM matches WHERE ${where}`,
      params,
    )) as Array<{ id: string; n: number; kth: number | null }>;
    return new Map(rows.map((r) => [r.id, r]));
  }

  private toRows(
    pairs: ScoredPair[],
    needs: NeedRow[],
    offers: OfferRow[],
    needF: ListingFeatures[],
    offerF: ListingFeatures[],
    tags: TagIndex,
    weights: VersionedWeights,
    forNeed: boolean,
    forOffer: boolean,
  ): MatchRow[] {
    const idf = tags.idf;
    return pairs.map((p) => {
      const b = explainPair(needF[p.need], offerF[p.offer], weights.weights, idf)!;
      const breakdown: MatchBreakdown = { components: b.components, distanceKm: b.distanceKm, sharedTags: b.sharedTags.map((t) => tags.names[t]) };
      const n = needs[p.need];
      const o = offers[p.offer];
      return { needId: n.id, offerId: o.id, districtId: n.districtId, needOrg: n.organisationId, offerOrg: o.organisationId, score: b.score, breakdown: JSON.stringify(breakdown), weightsVersion: weights.version, forNeed, forOffer };
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

  /**
   * Inserts new pairs and updates changed ones; unchanged rows are left untouched. `mode` says
   * which keep-reason flags this write decides. Rows go in (need, offer) order, so two jobs
   * writing overlapping rows lock them in the same order. Newly inserted pairs (xmax = 0, never
   * updates) get a match.created event each, in the same statement.
   */
  private async upsert(manager: EntityManager, rows: MatchRow[], mode: FlagMode): Promise<number> {
    const sorted = [...rows].sort((a, b) => (a.needId < b.needId ? -1 : a.needId > b.needId ? 1 : a.offerId < b.offerId ? -1 : 1));
    const flags = mode === 'both' ? ['for_need', 'for_offer'] : mode === 'need' ? ['for_need'] : ['for_offer'];
    let written = 0;
    for (let i = 0; i < sorted.length; i += WRITE_CHUNK) {
      const chunk = sorted.slice(i, i + WRITE_CHUNK);
      // The rows written (inserted or changed) are the upsert's RETURNING rows; the inserted ones also become events.
      const [result] = (await manager.query(
        `WITH up AS (
         INSERT INTO matches (id, need_id, offer_id, district_id, need_organisation_id, offer_organisation_id, score, breakdown, weights_version, for_need, for_offer, computed_at)
         SELECT md5(r.n::text || r.o::text)::uuid, r.n, r.o, r.d, r.no, r.oo, r.s, r.b, r.v, r.fn, r.fo, now()
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::float8[], $7::jsonb[], $8::text[], $9::bool[], $10::bool[])
             AS r(n, o, d, no, oo, s, b, v, fn, fo)
         ON CONFLICT (need_id, offer_id) DO UPDATE SET
           district_id = EXCLUDED.district_id, need_organisation_id = EXCLUDED.need_organisation_id,
           offer_organisation_id = EXCLUDED.offer_organisation_id, score = EXCLUDED.score, breakdown = EXCLUDED.breakdown,
           weights_version = EXCLUDED.weights_version, computed_at = EXCLUDED.computed_at,
           ${flags.map((f) => `${f} = EXCLUDED.${f}`).join(', ')}
         WHERE (matches.score, matches.breakdown, matches.weights_version, matches.district_id, ${flags.map((f) => `matches.${f}`).join(', ')})
               IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.breakdown, EXCLUDED.weights_version, EXCLUDED.district_id, ${flags.map((f) => `EXCLUDED.${f}`).join(', ')})
         RETURNING id, need_id, offer_id, district_id, need_organisation_id, offer_organisation_id, score, (xmax = 0) AS inserted
         ), created AS (${EventsService.matchCreatedFrom('up')})
         SELECT (SELECT count(*) FROM up)::int AS written, (SELECT id FROM created LIMIT 1) AS "eventId"`,
        [
          chunk.map((r) => r.needId),
          chunk.map((r) => r.offerId),
          chunk.map((r) => r.districtId),
          chunk.map((r) => r.needOrg),
          chunk.map((r) => r.offerOrg),
          chunk.map((r) => r.score),
          chunk.map((r) => r.breakdown),
          chunk.map((r) => r.weightsVersion),
          chunk.map((r) => r.forNeed),
          chunk.map((r) => r.forOffer),
        ],
      )) as Array<{ written: number; eventId: string | null }>;
      written += result.written;
      if (result.eventId) await this.events.sequenceLater(manager, result.eventId);
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

/** Adds up the runs of several steps. */
function sum(scope: string, runs: MatchingRun[]): MatchingRun {
  const total: MatchingRun = { scope, needs: 0, offers: 0, evaluated: 0, scored: 0, kept: 0, written: 0, removed: 0, weightsVersion: null, ms: 0 };
  for (const r of runs) {
    total.needs += r.needs;
    total.offers += r.offers;
    total.evaluated += r.evaluated;
    total.scored += r.scored;
    total.kept += r.kept;
    total.written += r.written;
    total.removed += r.removed;
    total.weightsVersion = r.weightsVersion ?? total.weightsVersion;
    total.ms += r.ms;
  }
  return total;
}
