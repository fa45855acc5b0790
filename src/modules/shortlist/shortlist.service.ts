import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OrganisationKind } from '../../common/domain/vocabulary';
import { AppError } from '../../common/errors/error-codes';
import { assertIfMatch } from '../../common/http/etag';
import { decodeCursor, encodeCursor, type Page } from '../../common/http/pagination';
import { Actor, actsFor } from '../auth/actor';
import { verificationJsonSql } from '../trust/verification';
import type { SaveShortlistEntryDto, ShortlistEntryDto, ShortlistItemDto } from './dto/shortlist.dto';
import { ShortlistEntry } from './shortlist-entry.entity';

const SORT = '-createdAt';

/** Statuses in which an item can be shortlisted, and counts as "still published". */
export const SHORTLISTABLE: Record<'need' | 'offer', readonly string[]> = { need: ['published', 'matched'], offer: ['published'] };
/** Statuses anybody may read (a draft of another organisation is not found). */
const PUBLIC: Record<'need' | 'offer', readonly string[]> = { need: ['published', 'matched', 'fulfilled'], offer: ['published', 'paused', 'exhausted'] };
/** What each kind of organisation shortlists: nonprofits look for companies' offers, companies for nonprofits' needs. */
const SAVES: Record<OrganisationKind, 'need' | 'offer'> = { nonprofit: 'offer', company: 'need' };

export interface ShortlistCount {
  /** Entries on the shortlist. */
  saved: number;
  /** Matches the organisation marked interesting (its side of match_reactions). */
  interested: number;
  /** Distinct partner items over both (an item saved and marked interesting counts once). */
  total: number;
}

interface EntryRow {
  id: string;
  organisation_id: string;
  note: string | null;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  item: Omit<ShortlistItemDto, 'published'>;
  match: { id: string; score: number } | null;
}

/**
 * One query for entries: the saved need or offer with its organisation (and trust badge), and
 * the match between it and one of the owner's own items (the one saved from, else the best).
 */
const ENTRY_SELECT = `
  SELECT e.id, e.organisation_id, e.note, e.created_by, e.version, e.created_at, e.updated_at,
         json_build_object(
           'type', CASE WHEN e.need_id IS NOT NULL THEN 'need' ELSE 'offer' END,
           'id', COALESCE(n.id, f.id), 'title', COALESCE(n.title, f.title), 'description', COALESCE(n.description, f.description),
           'category', COALESCE(n.category, f.category), 'tags', COALESCE(n.tags, f.tags), 'unit', COALESCE(n.unit, f.unit),
           'amount', COALESCE(n.quantity, f.capacity),
           'startsAt', to_char(COALESCE(n.starts_at, f.starts_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'endsAt', to_char(COALESCE(n.ends_at, f.ends_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'status', COALESCE(n.status::text, f.status::text),
           'organisation', json_build_object('id', io.id, 'name', io.name, 'kind', io.kind, 'districtId', io.district_id,
             'verification', ${verificationJsonSql('io')})) AS item,
         CASE WHEN bm.id IS NULL THEN NULL ELSE json_build_object('id', bm.id, 'score', bm.score) END AS match
    FROM shortlist_entries e
    LEFT JOIN needs n ON n.id = e.need_id
    LEFT JOIN offers f ON f.id = e.offer_id
    JOIN organisations io ON io.id = COALESCE(n.organisation_id, f.organisation_id)
    LEFT JOIN LATERAL (
      SELECT x.id, x.score FROM (
        SELECT m.id, m.score FROM matches m WHERE m.need_id = e.need_id AND m.offer_organisation_id = e.organisation_id
        UNION ALL
        SELECT m.id, m.score FROM matches m WHERE m.offer_id = e.offer_id AND m.need_organisation_id = e.organisation_id
      ) x ORDER BY (x.id = e.match_id) IS TRUE DESC, x.score DESC, x.id LIMIT 1
    ) bm ON true`;

/** The shortlist (UPJ step 4): partners an organisation saved from search or from its matches. */
@Injectable()
export class ShortlistService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * For the journey (UPJ step 4): how many partners the organisation has shortlisted, counting
   * saved entries and matches it marked interesting. Reads inside `manager`'s transaction when given.
   */
  async countFor(organisationId: string, manager: EntityManager = this.dataSource.manager): Promise<ShortlistCount> {
    const [row] = (await manager.query(
      `WITH saved AS (SELECT COALESCE(need_id, offer_id) AS item FROM shortlist_entries WHERE organisation_id = $1),
            interested AS (
              SELECT r.offer_id AS item FROM match_reactions r JOIN needs n ON n.id = r.need_id WHERE n.organisation_id = $1 AND r.need_side = 'interested'
              UNION ALL
              SELECT r.need_id FROM match_reactions r JOIN offers f ON f.id = r.offer_id WHERE f.organisation_id = $1 AND r.offer_side = 'interested')
       SELECT (SELECT count(*) FROM saved)::int AS saved,
              (SELECT count(*) FROM interested)::int AS interested,
              (SELECT count(*) FROM (SELECT item FROM saved UNION SELECT item FROM interested) u)::int AS total`,
      [organisationId],
    )) as Array<ShortlistCount>;
    return { saved: row.saved, interested: row.interested, total: row.total };
  }

  /** Saves a need or offer (or a match's other side); `created` is false when it was already on the list. */
  async save(actor: Actor, organisationId: string, dto: SaveShortlistEntryDto): Promise<{ entry: ShortlistEntryDto; created: boolean }> {
    const kind = await this.authorise(actor, organisationId);
    const given = (['needId', 'offerId', 'matchId'] as const).filter((k) => dto[k] !== undefined);
    if (given.length !== 1) {
      const message = 'give exactly one of needId, offerId or matchId';
      throw new AppError('VALIDATION_FAILED', `Name what to save: ${message}.`, {
        errors: (given.length ? given : (['needId'] as const)).map((field) => ({ field, reason: given.length ? 'exclusive' : 'required', message })),
      });
    }
    const target = await this.target(organisationId, dto);
    if (target.organisationId === organisationId) {
      throw new AppError('SHORTLIST_OWN_ITEM', `This ${target.type} is your own; the shortlist is for partners.`);
    }
    if (target.type !== SAVES[kind]) {
      throw new AppError('SHORTLIST_WRONG_KIND', `A ${kind} shortlists ${SAVES[kind]}s, not ${target.type}s.`, {
        errors: [{ field: `${target.type}Id`, reason: 'wrongKind', message: `a ${kind} shortlists ${SAVES[kind]}s` }],
      });
    }
    const column = target.type === 'need' ? 'need_id' : 'offer_id';
    const existing = await this.findIdBy(`e.organisation_id = $1 AND e.${column} = $2`, [organisationId, target.id]);
    if (existing) return { entry: await this.one(existing), created: false };
    if (!SHORTLISTABLE[target.type].includes(target.status)) {
      throw new AppError('NOT_SHORTLISTABLE', `A ${target.status} ${target.type} cannot be shortlisted; only ${SHORTLISTABLE[target.type].join(' or ')} ones.`, {
        itemStatus: target.status,
      });
    }
    const inserted = (await this.dataSource.query(
      `INSERT INTO shortlist_entries (organisation_id, ${column}, match_id, note, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING id`,
      [organisationId, target.id, target.matchId, dto.note ?? null, actor.userId],
    )) as Array<{ id: string }>;
    if (inserted.length) return { entry: await this.one(inserted[0].id), created: true };
    // A concurrent request saved it first.
    const raced = await this.findIdBy(`e.organisation_id = $1 AND e.${column} = $2`, [organisationId, target.id]);
    return { entry: await this.one(raced!), created: false };
  }

  async list(actor: Actor, organisationId: string, query: { limit?: number; cursor?: string }): Promise<Page<ShortlistEntryDto>> {
    await this.authorise(actor, organisationId);
    const limit = query.limit ?? 20;
    const cursor = decodeCursor(query.cursor, SORT);
    const params: unknown[] = [organisationId];
    let where = `e.organisation_id = $1`;
    if (cursor) {
      params.push(cursor.v, cursor.id);
      where += ` AND (e.created_at, e.id) < ($2::timestamptz, $3::uuid)`;
    }
    const rows = (await this.dataSource.query(`${ENTRY_SELECT} WHERE ${where} ORDER BY e.created_at DESC, e.id DESC LIMIT ${limit + 1}`, params)) as EntryRow[];
    const items = rows.slice(0, limit).map(toDto);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ s: SORT, v: last.createdAt.toISOString(), id: last.id }) : null };
  }

  async updateNote(actor: Actor, organisationId: string, entryId: string, note: string | null, ifMatch?: string): Promise<ShortlistEntryDto> {
    await this.authorise(actor, organisationId);
    await this.dataSource.transaction(async (manager) => {
      const entry = await manager.findOne(ShortlistEntry, { where: { id: entryId, organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!entry) throw entryNotFound(entryId);
      assertIfMatch(ifMatch, entry.version);
      if (entry.note === note) return;
      entry.note = note;
      await manager.save(entry);
    });
    return this.one(entryId);
  }

  /** Removes an entry; removing one that is not (or no longer) on the list changes nothing. */
  async remove(actor: Actor, organisationId: string, entryId: string): Promise<void> {
    await this.authorise(actor, organisationId);
    await this.dataSource.query(`DELETE FROM shortlist_entries WHERE id = $1 AND organisation_id = $2`, [entryId, organisationId]);
  }

  /** Only the organisation's members (and admins) read and write its shortlist. */
  private async authorise(actor: Actor, organisationId: string): Promise<OrganisationKind> {
    const [org] = (await this.dataSource.query(`SELECT kind FROM organisations WHERE id = $1`, [organisationId])) as Array<{ kind: OrganisationKind }>;
    if (!org) throw new AppError('ORGANISATION_NOT_FOUND', `Organisation ${organisationId} does not exist.`);
    if (!actsFor(actor, organisationId)) throw new AppError('FORBIDDEN', "Only the organisation's members read and change its shortlist.");
    return org.kind;
  }

  private async target(
    organisationId: string,
    dto: SaveShortlistEntryDto,
  ): Promise<{ type: 'need' | 'offer'; id: string; organisationId: string; status: string; matchId: string | null }> {
    if (dto.matchId) {
      const [m] = (await this.dataSource.query(`SELECT need_id, offer_id, need_organisation_id, offer_organisation_id FROM matches WHERE id = $1`, [dto.matchId])) as Array<{
        need_id: string;
        offer_id: string;
        need_organisation_id: string;
        offer_organisation_id: string;
      }>;
      // Someone else's match is as unknown as a missing one.
      const side = m && (m.need_organisation_id === organisationId ? 'need' : m.offer_organisation_id === organisationId ? 'offer' : null);
      if (!m || !side) throw new AppError('MATCH_NOT_FOUND', `Match ${dto.matchId} does not exist (or is not one of yours).`);
      const type = side === 'need' ? 'offer' : 'need';
      const item = await this.item(type, type === 'need' ? m.need_id : m.offer_id);
      return { ...item!, type, matchId: dto.matchId };
    }
    const type = dto.needId ? 'need' : 'offer';
    const id = (dto.needId ?? dto.offerId)!;
    const item = await this.item(type, id);
    if (!item || (!PUBLIC[type].includes(item.status) && item.organisationId !== organisationId)) {
      throw new AppError(type === 'need' ? 'NEED_NOT_FOUND' : 'OFFER_NOT_FOUND', `${type === 'need' ? 'Need' : 'Offer'} ${id} does not exist or is not visible to you.`);
    }
    return { ...item, type, matchId: null };
  }

  private async item(type: 'need' | 'offer', id: string): Promise<{ id: string; organisationId: string; status: string } | undefined> {
    const [row] = (await this.dataSource.query(`SELECT id, organisation_id, status::text AS status FROM ${type === 'need' ? 'needs' : 'offers'} WHERE id = $1`, [id])) as Array<{
      id: string;
      organisation_id: string;
      status: string;
    }>;
    return row && { id: row.id, organisationId: row.organisation_id, status: row.status };
  }

  private async findIdBy(where: string, params: unknown[]): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(`SELECT e.id FROM shortlist_entries e WHERE ${where}`, params)) as Array<{ id: string }>;
    return row?.id;
  }

  private async one(id: string): Promise<ShortlistEntryDto> {
    const [row] = (await this.dataSource.query(`${ENTRY_SELECT} WHERE e.id = $1`, [id])) as EntryRow[];
    if (!row) throw entryNotFound(id);
    return toDto(row);
  }
}

const entryNotFound = (id: string) => new AppError('SHORTLIST_ENTRY_NOT_FOUND', `Shortlist entry ${id} does not exist on this shortlist.`);

function toDto(r: EntryRow): ShortlistEntryDto {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    item: { ...r.item, published: SHORTLISTABLE[r.item.type].includes(r.item.status) },
    match: r.match,
    note: r.note,
    createdBy: r.created_by,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
