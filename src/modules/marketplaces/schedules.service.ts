import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { addDeduplicated, type EnqueuedJob } from '../../queue/enqueue';
import { JobName, JobPayloads, QueueName } from '../../queue/jobs';
import type { Actor } from '../auth/actor';
import { transition } from '../listings/state-machine';
import { EventsService } from '../events/events.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { ScheduleDetailDto, ScheduleVersionDto } from './dto/schedule.dto';
import { Marketplace, MeetingSchedule } from './marketplace.entity';
import { MARKETPLACE_MACHINE, type MarketplaceStatus, type MeetingWish } from './marketplace.machine';
import { MarketplacesService } from './marketplaces.service';
import { scheduleMeetings, type Assignment, type ScheduleDiagnostics, type ScheduleInput, type ScheduleResult, type UnplacedReason, type WishLevel } from './scheduling';

/** While the schedule-event job may run: registration open (a preview), closed, or a schedule already published. */
export const SCHEDULABLE_STATUSES = ['open', 'closed', 'scheduled'] as const satisfies readonly MarketplaceStatus[];

/** The event's slot settings a schedule is made for (all set: the event has pre-arranged meetings). */
export interface SlotSettings {
  slotCount: number;
  slotMinutes: number;
  firstSlotAt: Date;
  tables: number;
}

export interface ScheduleJobResult {
  marketplaceId: string;
  /** The version the inputs now map to (new, or the existing one with the same inputs); null when skipped. */
  version: number | null;
  /** A new version was written. */
  changed: boolean;
  skipped?: 'status' | 'not-configured';
  lowerBound?: number;
  slotsUsed?: number;
  meetingsHeld?: number;
  unplaced?: number;
}

/** What a version keeps beside its figures: how it was made, what could not be placed, what changed against its base. */
export interface StoredDiagnostics extends ScheduleDiagnostics {
  /** The requests not held, by reason, each list in id order (grouped: a large event leaves tens of thousands out). */
  unplaced: Partial<Record<UnplacedReason, string[]>>;
  changes: ScheduleResult['changes'] | null;
}

const unplacedCount = (d: StoredDiagnostics) => Object.values(d.unplaced ?? {}).reduce((n, ids) => n + (ids?.length ?? 0), 0);

function groupUnplaced(unplaced: ScheduleResult['unplaced']): StoredDiagnostics['unplaced'] {
  const out: StoredDiagnostics['unplaced'] = {};
  for (const u of unplaced) (out[u.reason] ??= []).push(u.requestId);
  return out;
}

export interface ScheduledMeetingRow {
  request_id: string;
  slot: number;
  table_no: number;
  nonprofit_id: string;
  nonprofit_name: string;
  company_id: string;
  company_name: string;
}

const YES: readonly MeetingWish[] = ['must', 'would', 'accepted'];

export function toScheduleVersionDto(s: MeetingSchedule): ScheduleVersionDto {
  const d = s.diagnostics as StoredDiagnostics;
  return {
    marketplaceId: s.marketplaceId,
    version: s.version,
    status: s.status,
    baseVersion: s.baseVersion,
    slotCount: s.slotCount,
    slotMinutes: s.slotMinutes,
    firstSlotAt: s.firstSlotAt,
    tables: s.tables,
    requests: d.validRequests,
    meetingsHeld: s.meetingsHeld,
    lowerBound: s.lowerBound,
    slotsUsed: s.slotsUsed,
    gapToLowerBound: s.slotsUsed - s.lowerBound,
    valueHeld: Number(s.valueHeld),
    valueRequested: Number(s.valueRequested),
    method: d.method,
    unplacedCount: unplacedCount(d),
    createdAt: s.createdAt,
    publishedAt: s.publishedAt,
  };
}

export const scheduleNotFound = (marketplaceId: string, version?: number) =>
  new AppError(
    'SCHEDULE_NOT_FOUND',
    version === undefined ? `Marketplace ${marketplaceId} has no published meeting schedule yet.` : `Marketplace ${marketplaceId} has no schedule version ${version}.`,
  );

/** The slot settings, or null while the event has no pre-arranged meetings (slot count, length or first slot missing). */
export function slotSettings(m: Pick<Marketplace, 'slotCount' | 'slotMinutes' | 'firstSlotAt' | 'tables'>): SlotSettings | null {
  if (!m.slotCount || !m.slotMinutes || !m.firstSlotAt) return null;
  return { slotCount: m.slotCount, slotMinutes: m.slotMinutes, firstSlotAt: m.firstSlotAt, tables: m.tables };
}

/**
 * Fingerprint of everything a schedule is made from: the slot settings, the registered
 * participants with their unavailable slots, the agreed requests with their wishes and scores.
 * Independent of the order of the rows. (The published version the new one is made against is
 * not part of it: only publishing the latest version changes that, and that version then has the
 * same inputs.)
 */
export function scheduleInputHash(settings: SlotSettings, input: Pick<ScheduleInput, 'participants' | 'requests'>): string {
  const h = createHash('sha256');
  h.update(`v2|${settings.slotCount}|${settings.slotMinutes}|${settings.firstSlotAt.toISOString()}|${settings.tables}\n`);
  for (const p of inIdOrder(input.participants)) {
    const unavailable = [...new Set(p.unavailableSlots ?? [])].sort((a, b) => a - b).join(',');
    h.update(`p|${p.id}|${p.side}|${unavailable}\n`);
  }
  for (const r of inIdOrder(input.requests)) h.update(`r|${r.id}|${r.nonprofitId}|${r.companyId}|${r.nonprofitWish}|${r.companyWish}|${r.matchScore}\n`);
  return h.digest('hex');
}

/** The rows in code-point order of their ids; as they are when already sorted (loadScheduleInput reads them so). */
function inIdOrder<T extends { id: string }>(rows: readonly T[]): readonly T[] {
  for (let i = 1; i < rows.length; i++) if (rows[i - 1].id > rows[i].id) return [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows;
}

/** The registered participants and the requests both sides said yes to, between registered participants. */
export async function loadScheduleInput(manager: EntityManager, marketplaceId: string, settings: SlotSettings): Promise<Pick<ScheduleInput, 'participants' | 'requests'>> {
  const participants = (await manager.query(
    `SELECT r.organisation_id AS id, o.kind AS side, r.unavailable_slots AS unavailable
       FROM marketplace_registrations r JOIN organisations o ON o.id = r.organisation_id
      WHERE r.marketplace_id = $1 AND r.status = 'registered'
      ORDER BY r.organisation_id`,
    [marketplaceId],
  )) as Array<{ id: string; side: 'nonprofit' | 'company'; unavailable: number[] }>;
  const requests = (await manager.query(
    `SELECT q.id, q.nonprofit_id, q.company_id, q.nonprofit_wish, q.company_wish, q.match_score
       FROM meeting_requests q
       JOIN marketplace_registrations rn ON rn.marketplace_id = q.marketplace_id AND rn.organisation_id = q.nonprofit_id AND rn.status = 'registered'
       JOIN marketplace_registrations rc ON rc.marketplace_id = q.marketplace_id AND rc.organisation_id = q.company_id AND rc.status = 'registered'
      WHERE q.marketplace_id = $1 AND q.nonprofit_wish = ANY($2::meeting_wish[]) AND q.company_wish = ANY($2::meeting_wish[])
      ORDER BY q.id`,
    [marketplaceId, YES],
  )) as Array<{ id: string; nonprofit_id: string; company_id: string; nonprofit_wish: WishLevel; company_wish: WishLevel; match_score: number }>;
  return {
    participants: participants.map((p) => ({ id: p.id, side: p.side, unavailableSlots: p.unavailable.filter((s) => s < settings.slotCount) })),
    requests: requests.map((r) => ({
      id: r.id,
      nonprofitId: r.nonprofit_id,
      companyId: r.company_id,
      nonprofitWish: r.nonprofit_wish,
      companyWish: r.company_wish,
      matchScore: Number(r.match_score),
    })),
  };
}

/** A version's meetings as the scheduler's assignments. */
export async function scheduleAssignments(manager: EntityManager, scheduleId: string): Promise<Assignment[]> {
  const rows = (await manager.query(`SELECT request_id, slot, table_no FROM meetings WHERE schedule_id = $1`, [scheduleId])) as Array<{ request_id: string; slot: number; table_no: number }>;
  return rows.map((r) => ({ requestId: r.request_id, slot: r.slot, table: r.table_no }));
}

/**
 * The job's work once the marketplace is locked and may be scheduled: read the inputs; when the
 * latest version was made from the same inputs, write nothing and return it; otherwise schedule
 * against the published version and write the next version as a draft (older drafts superseded).
 * Call inside a transaction that holds the marketplace's row lock. Also used by the demo seed.
 */
export async function writeScheduleVersion(
  manager: EntityManager,
  m: Marketplace,
  settings: SlotSettings,
  requestedBy: string | null,
  log?: (line: string) => void,
): Promise<ScheduleJobResult> {
  const input = await loadScheduleInput(manager, m.id, settings);
  const inputHash = scheduleInputHash(settings, input);
  // Only the columns compared and returned: a large version's diagnostics run to megabytes.
  const latest = await manager.findOne(MeetingSchedule, {
    select: { id: true, version: true, inputHash: true, lowerBound: true, slotsUsed: true, meetingsHeld: true },
    where: { marketplaceId: m.id },
    order: { version: 'DESC' },
  });
  if (latest && latest.inputHash === inputHash) {
    return { marketplaceId: m.id, version: latest.version, changed: false, lowerBound: latest.lowerBound, slotsUsed: latest.slotsUsed, meetingsHeld: latest.meetingsHeld };
  }

  const published = await manager.findOne(MeetingSchedule, { select: { id: true, version: true }, where: { marketplaceId: m.id, status: 'published' } });
  const previous = published ? (await scheduleAssignments(manager, published.id)).filter((a) => a.slot < settings.slotCount && a.table <= settings.tables) : undefined;
  const started = performance.now();
  const result = scheduleMeetings({ ...input, slots: settings.slotCount, tables: settings.tables, previous });
  const ms = Math.round(performance.now() - started);

  await manager.update(MeetingSchedule, { marketplaceId: m.id, status: 'draft' }, { status: 'superseded' });
  const diagnostics: StoredDiagnostics = { ...result.diagnostics, unplaced: groupUnplaced(result.unplaced), changes: result.changes ?? null };
  const schedule = manager.create(MeetingSchedule, {
    marketplaceId: m.id,
    version: (latest?.version ?? 0) + 1,
    status: 'draft',
    inputHash,
    slotCount: settings.slotCount,
    slotMinutes: settings.slotMinutes,
    firstSlotAt: settings.firstSlotAt,
    tables: settings.tables,
    baseVersion: published?.version ?? null,
    lowerBound: result.lowerBound,
    slotsUsed: result.slotsUsed,
    meetingsHeld: result.assignments.length,
    valueHeld: String(result.valueHeld),
    valueRequested: String(result.valueRequested),
    diagnostics,
    publishedAt: null,
    requestedByUserId: requestedBy,
    publishedByUserId: null,
  });
  await manager.insert(MeetingSchedule, schedule);
  if (result.assignments.length) {
    const side = new Map(input.requests.map((r) => [r.id, r]));
    await manager.query(
      `INSERT INTO meetings (schedule_id, request_id, nonprofit_id, company_id, slot, table_no)
       SELECT $1, x.request_id, x.nonprofit_id, x.company_id, x.slot, x.table_no
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::int[]) AS x(request_id, nonprofit_id, company_id, slot, table_no)`,
      [
        schedule.id,
        result.assignments.map((a) => a.requestId),
        result.assignments.map((a) => side.get(a.requestId)!.nonprofitId),
        result.assignments.map((a) => side.get(a.requestId)!.companyId),
        result.assignments.map((a) => a.slot),
        result.assignments.map((a) => a.table),
      ],
    );
  }
  log?.(
    `marketplace ${m.id}: schedule v${schedule.version} (${result.diagnostics.method}) holds ${result.assignments.length} of ${input.requests.length} requests in ${result.slotsUsed} slots (lower bound ${result.lowerBound}), computed in ${ms} ms`,
  );
  return {
    marketplaceId: m.id,
    version: schedule.version,
    changed: true,
    lowerBound: result.lowerBound,
    slotsUsed: result.slotsUsed,
    meetingsHeld: result.assignments.length,
    unplaced: result.unplaced.length,
  };
}

/**
 * The 1:1 meeting schedules of a marketplace: the `schedule-event` job makes a new draft version
 * from the registered participants and the agreed meeting wishes (scheduling/ decides which
 * meetings to hold and where); the organiser reviews it and publishes it, which announces the
 * agendas. A new version after late registrations is made against the published one, so that as
 * few announced meetings as possible change.
 */
@Injectable()
export class SchedulesService {
  private readonly logger = new Logger(SchedulesService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly marketplaces: MarketplacesService,
    private readonly notifications: NotificationsService,
    private readonly events: EventsService,
    @InjectQueue(QueueName.Marketplaces) private readonly queue: Queue,
  ) {}

  /** Queues the schedule-event job (one per marketplace at a time: while one waits or runs, its id is returned). */
  async request(actor: Actor, marketplaceId: string): Promise<EnqueuedJob> {
    const m = await this.marketplaces.get(actor, marketplaceId);
    await this.marketplaces.assertRuns(actor, m, 'schedule its meetings');
    this.assertSchedulable(m);
    const data: JobPayloads[JobName.ScheduleEvent] = { marketplaceId: m.id, runId: randomUUID(), requestedBy: actor.userId };
    return addDeduplicated(this.queue, JobName.ScheduleEvent, data, `schedule-event.${m.id}`);
  }

  private assertSchedulable(m: Marketplace): SlotSettings {
    if (!(SCHEDULABLE_STATUSES as readonly string[]).includes(m.status)) {
      throw new AppError('INVALID_TRANSITION', `Meetings are scheduled while the marketplace is open, closed or scheduled; it is ${m.status}.`, {
        currentStatus: m.status,
        allowedStatuses: [...SCHEDULABLE_STATUSES],
      });
    }
    const settings = slotSettings(m);
    if (!settings) {
      throw new AppError('SCHEDULE_NOT_CONFIGURED', 'Set slotCount, slotMinutes and firstSlotAt on the marketplace (PATCH, while draft or open) before scheduling 1:1 meetings.', {
        missing: (['slotCount', 'slotMinutes', 'firstSlotAt'] as const).filter((k) => !m[k]),
      });
    }
    return settings;
  }

  /**
   * The job: under the marketplace's row lock, read the inputs; when the latest version was made
   * from the same inputs, nothing is written (idempotent; a retried or repeated job returns that
   * version). Otherwise schedule against the published version and write the next version as a
   * draft, superseding older drafts, in one transaction.
   */
  async run(data: JobPayloads[JobName.ScheduleEvent]): Promise<ScheduleJobResult> {
    return this.ds.transaction(async (manager) => {
      const m = await manager.findOne(Marketplace, { where: { id: data.marketplaceId }, lock: { mode: 'pessimistic_write' } });
      if (!m) return { marketplaceId: data.marketplaceId, version: null, changed: false, skipped: 'status' as const };
      if (!(SCHEDULABLE_STATUSES as readonly string[]).includes(m.status)) return { marketplaceId: m.id, version: null, changed: false, skipped: 'status' as const };
      const settings = slotSettings(m);
      if (!settings) return { marketplaceId: m.id, version: null, changed: false, skipped: 'not-configured' as const };

      return writeScheduleVersion(manager, m, settings, data.requestedBy, (line) => this.logger.log(line));
    });
  }

  // ---- versions ----

  async versions(actor: Actor, marketplaceId: string): Promise<MeetingSchedule[]> {
    const m = await this.marketplaces.get(actor, marketplaceId);
    await this.marketplaces.assertRuns(actor, m, 'read its meeting schedules');
    return this.ds.getRepository(MeetingSchedule).find({ where: { marketplaceId: m.id }, order: { version: 'DESC' } });
  }

  async version(actor: Actor, marketplaceId: string, version: number): Promise<MeetingSchedule> {
    const m = await this.marketplaces.get(actor, marketplaceId);
    await this.marketplaces.assertRuns(actor, m, 'read its meeting schedules');
    return this.find(m.id, version);
  }

  /** A version, without access checks (callers have made them). */
  async find(marketplaceId: string, version: number): Promise<MeetingSchedule> {
    const s = await this.ds.getRepository(MeetingSchedule).findOneBy({ marketplaceId, version });
    if (!s) throw scheduleNotFound(marketplaceId, version);
    return s;
  }

  /** A version's meetings with both organisations' names, by slot and table; only those of `organisationId` when given. */
  async meetings(scheduleId: string, organisationId?: string): Promise<ScheduledMeetingRow[]> {
    return (await this.ds.query(
      `SELECT x.request_id, x.slot, x.table_no, x.nonprofit_id, n.name AS nonprofit_name, x.company_id, c.name AS company_name
         FROM meetings x JOIN organisations n ON n.id = x.nonprofit_id JOIN organisations c ON c.id = x.company_id
        WHERE x.schedule_id = $1 ${organisationId ? 'AND (x.nonprofit_id = $2 OR x.company_id = $2)' : ''}
        ORDER BY x.slot, x.table_no`,
      organisationId ? [scheduleId, organisationId] : [scheduleId],
    )) as ScheduledMeetingRow[];
  }

  /** A version with its meetings, what was left out and why, and the changes against its base. */
  async detail(s: MeetingSchedule): Promise<ScheduleDetailDto> {
    const d = s.diagnostics as StoredDiagnostics;
    const unplaced = (Object.entries(d.unplaced ?? {}) as Array<[UnplacedReason, string[]]>).flatMap(([reason, ids]) => ids.map((requestId) => ({ requestId, reason })));
    unplaced.sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
    const meetings = await this.meetings(s.id);
    const parties = (await this.ds.query(
      `SELECT q.id, q.nonprofit_id, n.name AS nonprofit_name, q.company_id, c.name AS company_name
         FROM meeting_requests q JOIN organisations n ON n.id = q.nonprofit_id JOIN organisations c ON c.id = q.company_id
        WHERE q.id = ANY($1::uuid[])`,
      [unplaced.map((u) => u.requestId)],
    )) as Array<{ id: string; nonprofit_id: string; nonprofit_name: string; company_id: string; company_name: string }>;
    const byId = new Map(parties.map((p) => [p.id, p]));
    return {
      ...toScheduleVersionDto(s),
      meetings: meetings.map((r) => ({
        requestId: r.request_id,
        slot: r.slot,
        table: r.table_no,
        nonprofit: { id: r.nonprofit_id, name: r.nonprofit_name },
        company: { id: r.company_id, name: r.company_name },
      })),
      unplaced: unplaced.map((u) => {
        const p = byId.get(u.requestId);
        return {
          requestId: u.requestId,
          reason: u.reason,
          nonprofit: p ? { id: p.nonprofit_id, name: p.nonprofit_name } : null,
          company: p ? { id: p.company_id, name: p.company_name } : null,
        };
      }),
      changes: d.changes
        ? { kept: d.changes.kept.length, moved: d.changes.moved.map((x) => ({ requestId: x.requestId, from: x.from, to: x.to })), dropped: [...d.changes.dropped], added: [...d.changes.added] }
        : null,
    };
  }

  /** The published version, or null. */
  async published(manager: EntityManager, marketplaceId: string): Promise<MeetingSchedule | null> {
    return manager.findOne(MeetingSchedule, { where: { marketplaceId, status: 'published' } });
  }

  /**
   * Publishes a draft version: it must be the latest one and made from the current inputs (else
   * 409 SCHEDULE_OUTDATED: run the job again). The marketplace becomes `scheduled`; the version
   * published before is superseded; participants are told: all of them the first time, later
   * those whose meetings changed. Publishing the published version again changes nothing.
   */
  async publish(actor: Actor, marketplaceId: string, version: number): Promise<{ marketplace: Marketplace; schedule: MeetingSchedule }> {
    await this.marketplaces.get(actor, marketplaceId); // 404 for drafts the actor does not run
    return this.ds.transaction(async (manager) => {
      const m = await this.marketplaces.lock(manager, marketplaceId);
      await this.marketplaces.assertRuns(actor, m, 'publish its meeting schedule');
      const s = await manager.findOne(MeetingSchedule, { where: { marketplaceId: m.id, version }, lock: { mode: 'pessimistic_write' } });
      if (!s) throw scheduleNotFound(m.id, version);
      if (s.status === 'published') return { marketplace: m, schedule: s };
      const [{ latest }] = (await manager.query(`SELECT max(version)::int AS latest FROM meeting_schedules WHERE marketplace_id = $1`, [m.id])) as Array<{ latest: number }>;
      if (s.status === 'superseded' || latest !== s.version) {
        throw new AppError('SCHEDULE_OUTDATED', `Version ${version} has been superseded; the latest version is ${latest}.`, { latestVersion: latest });
      }
      const to = transition(MARKETPLACE_MACHINE, m.status, 'schedule', 'marketplace');
      const settings = slotSettings(m);
      const current = settings && scheduleInputHash(settings, await loadScheduleInput(manager, m.id, settings));
      if (current !== s.inputHash) {
        throw new AppError('SCHEDULE_OUTDATED', `Registrations, meeting wishes or slot settings changed since version ${version} was made: schedule again (POST /v1/marketplaces/${m.id}/schedule), then publish the new version.`, {
          latestVersion: latest,
        });
      }
      const before = await this.published(manager, m.id);
      if (before) await manager.update(MeetingSchedule, { id: before.id }, { status: 'superseded' });
      s.status = 'published';
      s.publishedAt = new Date();
      s.publishedByUserId = actor.userId;
      await manager.save(s);
      if (m.status !== to) {
        const from = m.status;
        m.status = to;
        await manager.save(m);
        await this.marketplaces.emitStatus(manager, m, from);
      }
      const [{ meetings }] = (await manager.query(`SELECT count(*)::int AS meetings FROM meetings WHERE schedule_id = $1`, [s.id])) as Array<{ meetings: number }>;
      await this.events.emit(manager, {
        type: 'marketplace.schedule_published',
        organisationIds: [],
        public: true,
        districtId: m.districtId,
        data: {
          marketplaceId: m.id,
          name: m.name,
          status: m.status,
          districtId: m.districtId,
          scheduleVersion: s.version,
          meetings,
          publishedAt: (s.publishedAt ?? new Date()).toISOString(),
          startsAt: m.startsAt.toISOString(),
        },
      });
      await this.announce(manager, m, s, before);
      return { marketplace: m, schedule: s };
    });
  }

  /** The first published version goes to every registered participant; a later one to those whose meetings changed. */
  private async announce(manager: EntityManager, m: Marketplace, s: MeetingSchedule, before: MeetingSchedule | null): Promise<void> {
    const params = { ...this.marketplaces.noticeParams(m), url: `/v1/marketplaces/${m.id}/agenda` };
    if (!before) {
      const rows = (await manager.query(`SELECT organisation_id AS id FROM marketplace_registrations WHERE marketplace_id = $1 AND status = 'registered' ORDER BY 1`, [m.id])) as Array<{ id: string }>;
      await this.notifications.notify(manager, { kind: 'meeting_schedule_published', organisationIds: rows.map((r) => r.id), params, dedupeKey: `meeting_schedule_published:${m.id}` });
      return;
    }
    const changed = (await manager.query(
      `WITH a AS (SELECT request_id, slot, table_no, nonprofit_id, company_id FROM meetings WHERE schedule_id = $1),
            b AS (SELECT request_id, slot, table_no, nonprofit_id, company_id FROM meetings WHERE schedule_id = $2),
            d AS ((SELECT * FROM a EXCEPT SELECT * FROM b) UNION ALL (SELECT * FROM b EXCEPT SELECT * FROM a))
       SELECT DISTINCT x.id FROM d CROSS JOIN LATERAL (VALUES (d.nonprofit_id), (d.company_id)) AS x(id) ORDER BY 1`,
      [before.id, s.id],
    )) as Array<{ id: string }>;
    await this.notifications.notify(manager, { kind: 'meeting_schedule_changed', organisationIds: changed.map((r) => r.id), params, dedupeKey: `meeting_schedule_changed:${s.id}` });
  }
}
