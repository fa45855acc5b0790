import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { JobName } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import type { Actor } from '../auth/actor';
import type { EventDto, EventPageDto, EventQueryDto } from './dto/event.dto';
import { expandTypes, isEventType, type EmitEvent, type EventType } from './event-types';

export const DEFAULT_FEED_LIMIT = 100;

/** A feed position: the last seq a reader has seen, opaque to clients. */
export function encodeEventCursor(seq: number | string): string {
  return Buffer.from(JSON.stringify({ s: 'events', v: String(seq) })).toString('base64url');
}

export function decodeEventCursor(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '0';
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { s?: unknown; v?: unknown };
    if (parsed?.s === 'events' && typeof parsed.v === 'string' && /^\d{1,18}$/.test(parsed.v)) return parsed.v;
  } catch {
    /* fall through */
  }
  throw new AppError('INVALID_CURSOR', 'The cursor is malformed; use a nextCursor of this feed, or start again without one.', {
    errors: [{ field: 'after', reason: 'invalidCursor', message: 'after is not a cursor of the change feed' }],
  });
}

interface EventRow {
  id: string;
  seq: string;
  type: EventType;
  occurred_at: Date;
  organisation_ids: string[];
  public: boolean;
  district_id: string | null;
  data: Record<string, unknown>;
}

const COLUMNS = `id, seq, type, occurred_at, organisation_ids, public, district_id, data`;

/**
 * Domain events: emit() for the modules whose changes partners follow (inside the transaction of
 * the change), and the change feed. Sequencing and the webhook fan-out: EventSequencer.
 */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Writes the event in the caller's transaction (a manager outside one gets a transaction of its
   * own) with a sequence-event job through the outbox: the event exists exactly when the change
   * does, and gets its feed position once committed. Returns its id.
   */
  async emit<T extends EventType>(manager: EntityManager, event: EmitEvent<T>): Promise<string> {
    const [id] = await this.emitMany(manager, [event]);
    return id;
  }

  /** Several events of one transaction: one INSERT, one sequence-event job. */
  async emitMany(manager: EntityManager, events: EmitEvent[]): Promise<string[]> {
    if (!events.length) return [];
    for (const e of events) if (!isEventType(e.type)) throw new Error(`emit(): unknown event type "${String(e.type)}"`);
    if (!manager.queryRunner?.isTransactionActive) return manager.transaction((tx) => this.emitMany(tx, events));
    // one row at a time in the statement's order: clock_timestamp() keeps the order of emission
    const rows = (await manager.query(
      `INSERT INTO domain_events (type, organisation_ids, public, district_id, data)
       SELECT e.type, ARRAY(SELECT DISTINCT jsonb_array_elements_text(e.orgs))::uuid[], e.pub, e.district, e.data
         FROM unnest($1::text[], $2::jsonb[], $3::bool[], $4::uuid[], $5::jsonb[]) WITH ORDINALITY AS e(type, orgs, pub, district, data, n)
        ORDER BY e.n
       RETURNING id`,
      [
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.organisationIds.filter((id) => typeof id === 'string' && id))),
        events.map((e) => e.public),
        events.map((e) => e.districtId ?? null),
        events.map((e) => JSON.stringify(e.data)),
      ],
    )) as Array<{ id: string }>;
    await this.outbox.enqueue(manager, JobName.SequenceEvent, { eventId: rows[0].id });
    return rows.map((r) => r.id);
  }

  /**
   * For writers that create many rows in one statement (the matching engine's upsert): the SQL of
   * an INSERT … SELECT of match.created events from a CTE `source` with the match rows' columns
   * (id, need_id, offer_id, district_id, need_organisation_id, offer_organisation_id, score) and
   * `inserted` (xmax = 0: new rows only, never updates), RETURNING the event ids. After it ran,
   * call sequenceLater() with one of them.
   */
  static matchCreatedFrom(source: string): string {
    return `INSERT INTO domain_events (type, organisation_ids, public, district_id, data)
      SELECT 'match.created', ARRAY[s.need_organisation_id, s.offer_organisation_id], false, s.district_id,
             jsonb_build_object('matchId', s.id, 'needId', s.need_id, 'offerId', s.offer_id, 'needOrganisationId', s.need_organisation_id,
                                'offerOrganisationId', s.offer_organisation_id, 'districtId', s.district_id, 'score', s.score)
        FROM ${source} s WHERE s.inserted
       ORDER BY s.need_id, s.offer_id
      RETURNING id`;
  }

  /** The sequence-event job for events written by SQL of the caller's (matchCreatedFrom), in its transaction. */
  async sequenceLater(manager: EntityManager, eventId: string): Promise<void> {
    await this.outbox.enqueue(manager, JobName.SequenceEvent, { eventId });
  }

  /**
   * The change feed: sequenced events after the cursor that are public or concern the actor's
   * organisation (admins: all), in seq order. `nextCursor` is always set: the last event's
   * position when the page is full, else the newest position of the whole feed (everything up to
   * it has been looked at; later events get higher positions), so polling with it never skips
   * an event and never reads one twice.
   */
  async feed(actor: Actor, query: EventQueryDto): Promise<EventPageDto> {
    const after = decodeEventCursor(query.after);
    const limit = query.limit ?? DEFAULT_FEED_LIMIT;
    const types = query.types?.length ? expandTypes(query.types) : null;
    const typeFilter = `($2::text[] IS NULL OR type = ANY($2::text[]))`;
    const visible = actor.isAdmin
      ? `(SELECT ${COLUMNS} FROM domain_events WHERE seq > $1 AND ${typeFilter} ORDER BY seq LIMIT $3)`
      : `(SELECT ${COLUMNS} FROM domain_events WHERE seq > $1 AND public AND ${typeFilter} ORDER BY seq LIMIT $3)
         UNION ALL
         (SELECT ${COLUMNS} FROM domain_events WHERE seq > $1 AND NOT public AND organisation_ids @> ARRAY[$4::uuid] AND ${typeFilter} ORDER BY seq LIMIT $3)`;
    // one statement, one snapshot: the page and the newest position agree
    const rows = (await this.dataSource.query(
      `WITH page AS (${visible}), top AS (SELECT max(seq) AS top FROM domain_events)
       SELECT top.top, p.* FROM top LEFT JOIN LATERAL (SELECT * FROM page ORDER BY seq LIMIT $3) p ON true ORDER BY p.seq`,
      actor.isAdmin ? [after, types, limit] : [after, types, limit, actor.organisationId ?? '00000000-0000-0000-0000-000000000000'],
    )) as Array<EventRow & { top: string | null }>;
    const found = rows.filter((r) => r.id !== null);
    const last = found[found.length - 1]?.seq ?? '0';
    const position = found.length === limit ? last : maxSeq(after, rows[0]?.top ?? '0', last);
    return { items: found.map((r) => this.toDto(r)), nextCursor: encodeEventCursor(position) };
  }

  toDto(r: EventRow): EventDto {
    return {
      id: r.id,
      seq: Number(r.seq),
      type: r.type,
      occurredAt: r.occurred_at,
      public: r.public,
      organisationIds: r.organisation_ids,
      districtId: r.district_id,
      data: r.data,
    } as unknown as EventDto;
  }
}

const maxSeq = (...values: string[]) => values.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a));
