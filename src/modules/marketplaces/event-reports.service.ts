import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OrganisationKind } from '../../common/domain/vocabulary';
import type { Actor } from '../auth/actor';
import type { EventReportDto, ReportFollowUpStageDto, ReportMarketplaceDto, RoundEventReportDto, RoundReportDto } from './dto/event-report.dto';
import { addSignedAgreement, emptyEventTally, eventFigures, sumEventTallies, type EventTally } from './event-report-figures';
import { agreementOutcome, FOLLOW_UP_STAGES, isStageOpen, type FollowUpAnswer, type FollowUpStage } from './follow-up.model';
import { Marketplace, type Round } from './marketplace.entity';
import { MarketplacesService } from './marketplaces.service';
import { RoundsService } from './rounds.service';

/** A side said yes to a meeting: a wish of its own or an acceptance (as in the meeting wishes). */
const YES = `('must', 'would', 'accepted')`;

interface EventData {
  tally: EventTally;
  scheduleVersion: number | null;
  followUpStages: ReportFollowUpStageDto[];
}

export const toReportMarketplace = (m: Marketplace): ReportMarketplaceDto => ({
  id: m.id,
  name: m.name,
  status: m.status,
  districtId: m.districtId,
  roundId: m.roundId,
  startsAt: m.startsAt,
  endsAt: m.endsAt,
});

/**
 * The event report (one marketplace) and the round report (its events and their sum). Five
 * aggregate queries over the events' ids, grouped by marketplace, run in one read-only REPEATABLE
 * READ transaction so every figure describes the same moment; the pure functions in
 * event-report-figures.ts derive the figures and add events up. Definitions: README
 * ("Event and round reports") and dto/event-report.dto.ts.
 */
@Injectable()
export class EventReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly marketplaces: MarketplacesService,
    private readonly rounds: RoundsService,
  ) {}

  /** Organisers who run the event and admins (drafts: 404 for others, like the event itself). */
  async eventReport(actor: Actor, marketplaceId: string, now = new Date()): Promise<EventReportDto> {
    const m = await this.marketplaces.get(actor, marketplaceId);
    await this.marketplaces.assertRuns(actor, m, 'see its report');
    const data = await this.snapshot([m.id], now);
    return { ...this.eventEntry(m, data.get(m.id)!), generatedAt: now.toISOString() };
  }

  /** The round's organisers and admins: one entry per event that is not cancelled, and their sum. */
  async roundReport(actor: Actor, roundId: string, now = new Date()): Promise<RoundReportDto> {
    const round = await this.rounds.get(actor, roundId);
    const all = await this.dataSource.getRepository(Marketplace).find({ where: { roundId: round.id }, order: { startsAt: 'ASC', id: 'ASC' } });
    const events = all.filter((m) => m.status !== 'cancelled');
    const data = await this.snapshot(
      events.map((m) => m.id),
      now,
    );
    const entries = events.map((m) => this.eventEntry(m, data.get(m.id)!));
    return {
      round: toReportRound(round),
      generatedAt: now.toISOString(),
      events: entries,
      cancelled: all.filter((m) => m.status === 'cancelled').map(toReportMarketplace),
      totals: eventFigures(sumEventTallies(events.map((m) => data.get(m.id)!.tally))),
    };
  }

  private eventEntry(m: Marketplace, data: EventData): RoundEventReportDto {
    return { marketplace: toReportMarketplace(m), scheduleVersion: data.scheduleVersion, followUpStages: data.followUpStages, figures: eventFigures(data.tally) };
  }

  private async snapshot(ids: string[], now: Date): Promise<Map<string, EventData>> {
    const out = new Map<string, EventData>(ids.map((id) => [id, { tally: emptyEventTally(), scheduleVersion: null, followUpStages: [] }]));
    if (!ids.length) return out;
    await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      await this.participants(manager, ids, out);
      await this.meetings(manager, ids, out);
      await this.stages(manager, ids, out, now);
      await this.agreements(manager, ids, out);
    });
    return out;
  }

  private async participants(manager: EntityManager, ids: string[], out: Map<string, EventData>): Promise<void> {
    const rows = (await manager.query(
      `SELECT r.marketplace_id, o.kind,
              count(*) FILTER (WHERE r.status = 'registered')::int AS registered,
              count(*) FILTER (WHERE r.status = 'registered' AND r.checked_in_at IS NOT NULL)::int AS checked_in,
              count(*) FILTER (WHERE r.status = 'registered' AND r.no_show)::int AS no_shows,
              count(*) FILTER (WHERE r.status = 'waitlisted')::int AS waitlisted,
              count(*) FILTER (WHERE r.status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE r.status = 'invited')::int AS invited
         FROM marketplace_registrations r
         JOIN organisations o ON o.id = r.organisation_id
        WHERE r.marketplace_id = ANY($1::uuid[])
        GROUP BY r.marketplace_id, o.kind`,
      [ids],
    )) as Array<{ marketplace_id: string; kind: OrganisationKind } & Record<'registered' | 'checked_in' | 'no_shows' | 'waitlisted' | 'cancelled' | 'invited', number>>;
    for (const r of rows) {
      out.get(r.marketplace_id)!.tally.participants[r.kind] = {
        registered: r.registered,
        checkedIn: r.checked_in,
        noShows: r.no_shows,
        waitlisted: r.waitlisted,
        cancelled: r.cancelled,
        invited: r.invited,
      };
    }
  }

  /** Requested: both sides said yes. Scheduled: in the latest published schedule version. Held: scheduled, both sides checked in. */
  private async meetings(manager: EntityManager, ids: string[], out: Map<string, EventData>): Promise<void> {
    const requested = (await manager.query(
      `SELECT marketplace_id, count(*)::int AS n FROM meeting_requests
        WHERE marketplace_id = ANY($1::uuid[]) AND nonprofit_wish IN ${YES} AND company_wish IN ${YES}
        GROUP BY marketplace_id`,
      [ids],
    )) as Array<{ marketplace_id: string; n: number }>;
    for (const r of requested) out.get(r.marketplace_id)!.tally.meetingsRequested = r.n;
    const scheduled = (await manager.query(
      `SELECT s.marketplace_id, s.version, count(mt.id)::int AS scheduled,
              count(mt.id) FILTER (WHERE rn.checked_in_at IS NOT NULL AND rc.checked_in_at IS NOT NULL)::int AS held
         FROM (SELECT DISTINCT ON (marketplace_id) id, marketplace_id, version FROM meeting_schedules
                WHERE marketplace_id = ANY($1::uuid[]) AND status = 'published'
                ORDER BY marketplace_id, version DESC) s
         LEFT JOIN meetings mt ON mt.schedule_id = s.id
         LEFT JOIN marketplace_registrations rn ON rn.marketplace_id = s.marketplace_id AND rn.organisation_id = mt.nonprofit_id
         LEFT JOIN marketplace_registrations rc ON rc.marketplace_id = s.marketplace_id AND rc.organisation_id = mt.company_id
        GROUP BY s.marketplace_id, s.version`,
      [ids],
    )) as Array<{ marketplace_id: string; version: number; scheduled: number; held: number }>;
    for (const r of scheduled) {
      const d = out.get(r.marketplace_id)!;
      d.scheduleVersion = r.version;
      d.tally.meetingsScheduled = r.scheduled;
      d.tally.meetingsHeld = r.held;
    }
  }

  private async stages(manager: EntityManager, ids: string[], out: Map<string, EventData>, now: Date): Promise<void> {
    const rows = (await manager.query(`SELECT marketplace_id, stage, due_at, sent_at FROM marketplace_follow_ups WHERE marketplace_id = ANY($1::uuid[])`, [ids])) as Array<{
      marketplace_id: string;
      stage: FollowUpStage;
      due_at: Date;
      sent_at: Date | null;
    }>;
    rows.sort((a, b) => FOLLOW_UP_STAGES.indexOf(a.stage) - FOLLOW_UP_STAGES.indexOf(b.stage));
    for (const r of rows) {
      out.get(r.marketplace_id)!.followUpStages.push({ stage: r.stage, dueAt: r.due_at, sentAt: r.sent_at, open: isStageOpen({ dueAt: r.due_at, sentAt: r.sent_at }, now) });
    }
  }

  /** Recorded at the notary desk; signed = a version signed by both (its latest such version counts); the follow-up answers of each. */
  private async agreements(manager: EntityManager, ids: string[], out: Map<string, EventData>): Promise<void> {
    const rows = (await manager.query(
      `SELECT c.marketplace_id, c.id,
              a.contribution_category AS category, a.contribution_quantity AS quantity, a.contribution_unit AS unit, a.give_back_kind,
              a.estimated_hours, a.estimated_value_eur,
              coalesce((SELECT json_agg(json_build_object('stage', f.stage, 'outcome', f.outcome)) FROM cooperation_follow_ups f WHERE f.cooperation_id = c.id), '[]'::json) AS answers
         FROM cooperations c
         LEFT JOIN LATERAL (
           SELECT ag.contribution_category, ag.contribution_quantity, ag.contribution_unit, ag.give_back_kind, ag.estimated_hours, ag.estimated_value_eur
             FROM agreements ag
            WHERE ag.cooperation_id = c.id AND ag.signed_at IS NOT NULL
            ORDER BY ag.version DESC LIMIT 1) a ON true
        WHERE c.marketplace_id = ANY($1::uuid[])
        ORDER BY c.id`,
      [ids],
    )) as Array<{
      marketplace_id: string;
      id: string;
      category: string | null;
      quantity: string | null;
      unit: string | null;
      give_back_kind: string | null;
      estimated_hours: string | null;
      estimated_value_eur: string | null;
      answers: FollowUpAnswer[];
    }>;
    const num = (v: string | null) => (v === null ? null : Number(v));
    for (const r of rows) {
      const d = out.get(r.marketplace_id)!;
      d.tally.agreementsRecorded++;
      if (r.category === null) continue;
      const open = new Set(d.followUpStages.filter((s) => s.open).map((s) => s.stage));
      const answers = r.answers.filter((a) => open.has(a.stage));
      addSignedAgreement(d.tally, {
        category: r.category,
        quantity: Number(r.quantity),
        unit: r.unit!,
        giveBackKind: r.give_back_kind!,
        estimatedHours: num(r.estimated_hours),
        estimatedValueEur: num(r.estimated_value_eur),
        outcome: agreementOutcome(answers),
      });
      d.tally.followUpAnswers += answers.length;
      d.tally.followUpAsked += 2 * open.size;
    }
  }
}

const toReportRound = (r: Round) => ({ id: r.id, name: r.name, status: r.status, districtId: r.districtId, periodStart: r.periodStart, periodEnd: r.periodEnd });
