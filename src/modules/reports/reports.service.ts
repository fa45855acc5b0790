import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import type { Actor } from '../auth/actor';
import type { District } from '../districts/district.entity';
import { DistrictsService } from '../districts/districts.service';
import { isVerifiedSql } from '../trust/verification';
import type { DistrictReportDto, ReportDistrictDto } from './dto/report.dto';
import { emptyTally, figures, rollUp, type Tally } from './report-figures';
import { REPORT_TIME_ZONE, resolvePeriod, todayIn, type ReportPeriod } from './report-period';

/** Midnight of a date parameter in Berlin, as timestamptz. */
const dayStart = (param: string) => `(${param}::date::timestamp AT TIME ZONE '${REPORT_TIME_ZONE}')`;
/** A timestamptz column inside the period [$2, $3). */
const inPeriod = (column: string) => `${column} >= ${dayStart('$2')} AND ${column} < ${dayStart('$3')}`;

/** With verifiedOnly: the organisation at `column` must be verified now. */
const verifiedJoin = (on: boolean, alias: string, column: string) => (on ? `JOIN organisations ${alias} ON ${alias}.id = ${column} AND ${isVerifiedSql(alias)}` : '');
/** With verifiedOnly: both parties of the cooperation `c` must be verified. */
const verifiedParties = (on: boolean) => `${verifiedJoin(on, 'vn', 'c.nonprofit_id')} ${verifiedJoin(on, 'vc', 'c.company_id')}`;

type Row = Record<string, string | number | null> & { district_id: string };

/** Statuses a proposal reaches only after the receiver accepted it. */
const ACCEPTED_OR_LATER = `('accepted', 'agreed', 'active', 'completed', 'evaluated')`;

export interface ReportRequest {
  from?: string;
  to?: string;
  verifiedOnly?: boolean;
}

/**
 * The district report: a handful of aggregate queries (each grouped by district, over the
 * district's subtree), run in one read-only REPEATABLE READ transaction so all figures describe
 * the same moment; the per-district rows are rolled up in memory into the total and one entry per
 * direct sub-district. Definitions of every figure: dto/report.dto.ts and docs-notes/reports.md.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly districts: DistrictsService,
  ) {}

  async districtReport(actor: Actor, districtId: string, request: ReportRequest, now = new Date()): Promise<DistrictReportDto> {
    const district = await this.districts.cached(districtId);
    if (!actor.isAdmin && !(await this.districts.organises(actor, districtId))) {
      throw new AppError('FORBIDDEN', "Only the district's organisers (and those of a district above it) and admins see its report.");
    }
    const period = resolvePeriod(request, todayIn(REPORT_TIME_ZONE, now));
    const subtree = await this.districts.subtreeIds(districtId);
    const verifiedOnly = request.verifiedOnly === true;

    const { rows, instants } = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      const [instants] = (await m.query(
        `SELECT to_char(${dayStart('$1')} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "from",
                to_char(${dayStart('$2')} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "to"`,
        [period.from, period.to],
      )) as Array<{ from: string; to: string }>;
      return { rows: await this.tallies(m, subtree, period, verifiedOnly), instants };
    });

    const members = await Promise.all(subtree.map((id) => this.districts.cached(id)));
    const byId = new Map(members.map((d) => [d.id, d]));
    const depth = district.ancestorIds.length;
    const children = members.filter((d) => d.parentId === district.id).sort((a, b) => a.name.localeCompare(b.name, 'de'));
    const { total, buckets } = rollUp(rows, (id) => (id === district.id ? undefined : byId.get(id)?.ancestorIds[depth]));

    return {
      district: toReportDistrict(district),
      period: { ...period, timeZone: REPORT_TIME_ZONE, fromInstant: instants.from, toInstant: instants.to },
      verifiedOnly,
      generatedAt: now.toISOString(),
      figures: figures(total),
      children: children.map((c) => ({ district: toReportDistrict(c), figures: figures(buckets.get(c.id) ?? emptyTally()) })),
    };
  }

  /** Per-district tallies of the subtree: six aggregate queries, each one scan over indexed ranges. */
  private async tallies(m: EntityManager, subtree: string[], period: ReportPeriod, verified: boolean): Promise<Array<{ districtId: string; tally: Partial<Tally> }>> {
    const params = [subtree, period.from, period.to];
    const q = async (sql: string) => (await m.query(sql, params)) as Row[];
    const out: Array<{ districtId: string; tally: Partial<Tally> }> = [];
    const push = (rows: Row[], map: (r: Row) => Partial<Tally>) => rows.forEach((r) => out.push({ districtId: r.district_id, tally: map(r) }));
    const num = (v: unknown) => Number(v ?? 0);

    // Needs published in the period, with their current matches (needs_district_published_idx; matches by need_id).
    push(
      await q(`
        SELECT n.district_id,
               count(*) AS needs_published,
               coalesce(sum(mm.pairs), 0) AS matches,
               count(*) FILTER (WHERE mm.pairs > 0) AS needs_matched,
               coalesce(sum(mm.mutual), 0) AS matches_mutual
          FROM needs n
          ${verifiedJoin(verified, 'vo', 'n.organisation_id')}
          LEFT JOIN LATERAL (
            SELECT count(*) AS pairs,
                   count(*) FILTER (WHERE r.need_side = 'interested' AND r.offer_side = 'interested') AS mutual
              FROM matches mt
              ${verifiedJoin(verified, 'vf', 'mt.offer_organisation_id')}
              LEFT JOIN match_reactions r ON r.need_id = mt.need_id AND r.offer_id = mt.offer_id
             WHERE mt.need_id = n.id) mm ON true
         WHERE n.district_id = ANY($1::uuid[]) AND ${inPeriod('n.published_at')}
         GROUP BY n.district_id`),
      (r) => ({ needsPublished: num(r.needs_published), matches: num(r.matches), needsMatched: num(r.needs_matched), matchesMutual: num(r.matches_mutual) }),
    );

    // Offers published in the period by companies of the subtree (offers_home_district_published_idx).
    push(
      await q(`
        SELECT f.home_district_id AS district_id, count(*) AS offers_published
          FROM offers f
          ${verifiedJoin(verified, 'vo', 'f.organisation_id')}
         WHERE f.home_district_id = ANY($1::uuid[]) AND ${inPeriod('f.published_at')}
         GROUP BY f.home_district_id`),
      (r) => ({ offersPublished: num(r.offers_published) }),
    );

    // Proposals: cooperations created in the period, by outcome (cooperations_district_idx).
    push(
      await q(`
        SELECT c.district_id,
               count(*) AS proposals,
               count(*) FILTER (WHERE c.status = 'proposed') AS pending,
               count(*) FILTER (WHERE c.status IN ${ACCEPTED_OR_LATER}
                                   OR (c.status = 'cancelled' AND (c.decided_at IS NOT NULL OR c.agreed_at IS NOT NULL))) AS accepted,
               count(*) FILTER (WHERE c.status = 'declined') AS declined,
               count(*) FILTER (WHERE c.status = 'expired') AS expired,
               count(*) FILTER (WHERE c.status = 'cancelled' AND c.decided_at IS NULL AND c.agreed_at IS NULL) AS withdrawn
          FROM cooperations c
          ${verifiedParties(verified)}
         WHERE c.district_id = ANY($1::uuid[]) AND ${inPeriod('c.created_at')}
         GROUP BY c.district_id`),
      (r) => ({
        proposals: num(r.proposals),
        proposalsPending: num(r.pending),
        proposalsAccepted: num(r.accepted),
        proposalsDeclined: num(r.declined),
        proposalsExpired: num(r.expired),
        proposalsWithdrawn: num(r.withdrawn),
      }),
    );

    // Agreements: first signed by both in the period; their current signed version; deliveries up to now.
    push(
      await q(`
        SELECT c.district_id,
               count(*) AS agreements,
               count(*) FILTER (WHERE dl.company) AS realised,
               count(*) FILTER (WHERE c.status IN ('completed', 'evaluated')) AS completed,
               count(*) FILTER (WHERE a.has_give_back) AS with_give_back,
               count(*) FILTER (WHERE a.has_give_back AND dl.nonprofit) AS give_back_delivered,
               coalesce(sum(a.estimated_hours), 0) AS estimated_hours,
               coalesce(sum(a.estimated_value_eur), 0) AS estimated_value_eur
          FROM cooperations c
          ${verifiedParties(verified)}
          JOIN LATERAL (
            SELECT length(btrim(ag.give_back_description)) > 0 AS has_give_back, ag.estimated_hours, ag.estimated_value_eur
              FROM agreements ag
             WHERE ag.cooperation_id = c.id AND ag.signed_at IS NOT NULL
             ORDER BY ag.version DESC LIMIT 1) a ON true
          LEFT JOIN LATERAL (
            SELECT coalesce(bool_or(d.side = 'company'), false) AS company, coalesce(bool_or(d.side = 'nonprofit'), false) AS nonprofit
              FROM cooperation_deliveries d
             WHERE d.cooperation_id = c.id) dl ON true
         WHERE c.district_id = ANY($1::uuid[]) AND ${inPeriod('c.agreed_at')}
         GROUP BY c.district_id`),
      (r) => ({
        agreements: num(r.agreements),
        agreementsRealised: num(r.realised),
        agreementsCompleted: num(r.completed),
        agreementsWithGiveBack: num(r.with_give_back),
        giveBackDelivered: num(r.give_back_delivered),
        estimatedHours: num(r.estimated_hours),
        estimatedValueEur: num(r.estimated_value_eur),
      }),
    );

    // Deliveries dated in the period (delivered_on is a date: compared as dates), per side and unit.
    push(
      await q(`
        SELECT c.district_id, d.side, d.unit,
               count(*) AS deliveries, coalesce(sum(d.hours), 0) AS hours, coalesce(sum(d.quantity), 0) AS quantity
          FROM cooperations c
          ${verifiedParties(verified)}
          JOIN cooperation_deliveries d ON d.cooperation_id = c.id
         WHERE c.district_id = ANY($1::uuid[]) AND d.delivered_on >= $2::date AND d.delivered_on < $3::date
         GROUP BY c.district_id, d.side, d.unit`),
      (r) =>
        r.side === 'company'
          ? { deliveries: num(r.deliveries), hoursDelivered: num(r.hours), goodsDelivered: r.unit ? { [r.unit as string]: num(r.quantity) } : {} }
          : { giveBackDeliveries: num(r.deliveries), giveBackHours: num(r.hours) },
    );

    // Evaluations submitted in the period.
    push(
      await q(`
        SELECT c.district_id,
               count(*) AS evaluations, coalesce(sum(e.rating), 0) AS rating_sum,
               count(*) FILTER (WHERE e.would_cooperate_again) AS again, coalesce(sum(e.people_reached), 0) AS people_reached
          FROM cooperations c
          ${verifiedParties(verified)}
          JOIN cooperation_evaluations e ON e.cooperation_id = c.id
         WHERE c.district_id = ANY($1::uuid[]) AND ${inPeriod('e.created_at')}
         GROUP BY c.district_id`),
      (r) => ({ evaluations: num(r.evaluations), ratingSum: num(r.rating_sum), wouldCooperateAgain: num(r.again), peopleReached: num(r.people_reached) }),
    );

    return out;
  }
}

export const toReportDistrict = (d: District): ReportDistrictDto => ({ id: d.id, name: d.name, slug: d.slug, level: d.level });
