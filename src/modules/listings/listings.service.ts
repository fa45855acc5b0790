import { DataSource, EntityManager, EntityTarget, SelectQueryBuilder } from 'typeorm';
import type { OrganisationKind } from '../../common/domain/vocabulary';
import { AppError, ErrorCode, FieldError } from '../../common/errors/error-codes';
import { assertIfMatch } from '../../common/http/etag';
import { decodeCursor, encodeCursor, Page } from '../../common/http/pagination';
import type { ListingChange } from '../../queue/jobs';
import { Actor, actsFor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import { verificationBadge } from '../trust/verification';
import { Organisation } from '../organisations/organisation.entity';
import type { ListingInputDto } from './dto/listing-input.dto';
import type { ListingQueryDto, ListingSort } from './dto/listing-query.dto';
import type { ListingDto } from './dto/listing.dto';
import { boundingBox, placeOf } from './geo';
import { listingSearchVector, type Listing } from './listing.entity';
import { allowedActions, StateMachine, transition } from './state-machine';

/** What distinguishes needs from offers for the shared listing logic. */
export interface ListingKind<S extends string, A extends string> {
  noun: 'need' | 'offer';
  notFound: ErrorCode;
  ownerKind: OrganisationKind;
  machine: StateMachine<S, A>;
  /** Statuses everybody may read; other statuses only the owner (and admins). */
  publicStatuses: readonly S[];
  /** Statuses in which the content may still be changed. */
  editableStatuses: readonly S[];
}

export type ListingRow<S extends string> = Listing & { status: S; organisation?: Organisation };

const DEFAULT_LIMIT = 20;
const DEFAULT_RADIUS_KM = 5;

/**
 * The behaviour needs and offers share: ownership, visibility, the status machine with the
 * outbox announcement in the same transaction, optimistic locking, and browse/search.
 */
export abstract class ListingsService<E extends ListingRow<S>, S extends string, A extends string, C extends ListingInputDto, D extends ListingDto> {
  protected abstract readonly entity: EntityTarget<E>;
  protected abstract readonly kind: ListingKind<S, A>;

  constructor(
    protected readonly dataSource: DataSource,
    protected readonly districts: DistrictsService,
  ) {}

  /** Type-specific columns from a create or update body (validated against the organisation). */
  protected abstract columns(dto: Partial<C>, org: Organisation, current?: E): Promise<Partial<E>>;
  /** Filter by a district (descendants included). */
  protected abstract whereDistrict(qb: SelectQueryBuilder<E>, districtId: string): Promise<void>;
  /** Announce a change to the matching queue, inside the transaction. */
  protected abstract announce(manager: EntityManager, row: E, change: ListingChange): Promise<void>;
  /** Type-specific response fields. */
  protected abstract extraFields(row: E): Record<string, unknown>;
  /** Tell partners (need.published / offer.published), inside the transaction; `republished`: it had been published before. */
  protected abstract emitPublished(manager: EntityManager, row: E, republished: boolean): Promise<void>;

  toDto(row: E, distanceKm?: number): D {
    const org = row.organisation;
    const dto: ListingDto & Record<string, unknown> = {
      id: row.id,
      organisationId: row.organisationId,
      organisation: {
        id: row.organisationId,
        name: org?.name ?? '',
        kind: org?.kind ?? this.kind.ownerKind,
        verification: verificationBadge({ verifiedAt: org?.verifiedAt ?? null, verificationBasis: org?.verificationBasis ?? null }),
      },
      title: row.title,
      description: row.description,
      category: row.category,
      tags: row.tags,
      unit: row.unit,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      lat: row.lat,
      lon: row.lon,
      publishedAt: row.publishedAt,
      ...this.extraFields(row),
      status: row.status,
      allowedActions: allowedActions(this.kind.machine, row.status),
      ...(distanceKm !== undefined ? { distanceKm: Math.round(distanceKm * 100) / 100 } : {}),
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
    return dto as unknown as D;
  }

  private query(manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<E> {
    return manager.createQueryBuilder(this.entity, 'l').innerJoin('l.organisation', 'o').addSelect(['o.id', 'o.name', 'o.kind', 'o.verifiedAt', 'o.verificationBasis']);
  }

  private canRead(actor: Actor | undefined, row: E): boolean {
    return this.kind.publicStatuses.includes(row.status) || actsFor(actor, row.organisationId);
  }

  private notFound(id: string): AppError {
    return new AppError(this.kind.notFound, `${this.kind.noun[0].toUpperCase()}${this.kind.noun.slice(1)} ${id} does not exist or is not visible to you.`);
  }

  async get(actor: Actor | undefined, id: string): Promise<E> {
    const row = await this.query().where('l.id = :id', { id }).getOne();
    if (!row || !this.canRead(actor, row)) throw this.notFound(id);
    return row;
  }

  /** Loads the row locked for update and checks that the actor may change it. */
  private async loadForWrite(manager: EntityManager, actor: Actor, id: string, ifMatch?: string): Promise<E> {
    const row = await manager.createQueryBuilder(this.entity, 'l').setLock('pessimistic_write').where('l.id = :id', { id }).getOne();
    if (!row || !this.canRead(actor, row)) throw this.notFound(id);
    if (!actsFor(actor, row.organisationId)) {
      throw new AppError('FORBIDDEN', `Only members of the organisation that owns this ${this.kind.noun} can change it.`);
    }
    assertIfMatch(ifMatch, row.version);
    return row;
  }

  private async ownOrganisation(manager: EntityManager, actor: Actor): Promise<Organisation> {
    if (!actor.organisationId || actor.organisationKind !== this.kind.ownerKind) {
      throw new AppError('WRONG_ORGANISATION_KIND', `Only members of a ${this.kind.ownerKind} can create ${this.kind.noun}s.`);
    }
    return manager.findOneByOrFail(Organisation, { id: actor.organisationId });
  }

  protected assertTimeframe(startsAt: Date | null | undefined, endsAt: Date | null | undefined): void {
    if (startsAt && endsAt && endsAt.getTime() < startsAt.getTime()) {
      throw fieldError([{ field: 'endsAt', reason: 'beforeStart', message: 'endsAt must not be before startsAt' }]);
    }
  }

  async create(actor: Actor, dto: C): Promise<E> {
    const id = await this.dataSource.transaction(async (manager) => {
      const org = await this.ownOrganisation(manager, actor);
      this.assertTimeframe(dto.startsAt, dto.endsAt);
      const columns = await this.columns(dto, org);
      const row = manager.create(this.entity, {
        ...this.commonColumns(dto),
        ...columns,
        organisationId: org.id,
        status: 'draft',
      } as unknown as E);
      const saved = await manager.save(row);
      return saved.id;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, dto: Partial<C>, ifMatch?: string): Promise<E> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.loadForWrite(manager, actor, id, ifMatch);
      if (!this.kind.editableStatuses.includes(row.status)) {
        throw new AppError('NOT_EDITABLE', `A ${row.status} ${this.kind.noun} can no longer be changed.`, {
          currentStatus: row.status,
          editableStatuses: this.kind.editableStatuses,
        });
      }
      const org = await manager.findOneByOrFail(Organisation, { id: row.organisationId });
      this.assertTimeframe(dto.startsAt !== undefined ? dto.startsAt : row.startsAt, dto.endsAt !== undefined ? dto.endsAt : row.endsAt);
      Object.assign(row, this.commonColumns(dto), await this.columns(dto, org, row));
      const saved = await manager.save(row);
      if (saved.status !== 'draft') await this.announce(manager, saved, 'updated');
    });
    return this.get(actor, id);
  }

  async act(actor: Actor, id: string, action: A, ifMatch?: string): Promise<E> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.loadForWrite(manager, actor, id, ifMatch);
      const from = row.status;
      const to = transition(this.kind.machine, from, action, this.kind.noun);
      if (to === 'published' && row.endsAt && row.endsAt.getTime() < Date.now()) {
        throw fieldError([{ field: 'endsAt', reason: 'inPast', message: `endsAt lies in the past; change it before you ${action}` }]);
      }
      row.status = to;
      const republished = !!row.publishedAt;
      if (to === 'published' && !row.publishedAt) row.publishedAt = new Date();
      const saved = await manager.save(row);
      // A draft withdrawn before it was ever published has no matches to tell anyone about.
      if (from !== 'draft' || to === 'published') await this.announce(manager, saved, from === 'draft' ? 'published' : 'status');
      if (to === 'published') await this.emitPublished(manager, saved, republished);
    });
    return this.get(actor, id);
  }

  /** Drafts can be deleted; anything published is withdrawn instead, so history stays. */
  async remove(actor: Actor, id: string, ifMatch?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.loadForWrite(manager, actor, id, ifMatch);
      if (row.status !== 'draft') {
        throw new AppError('NOT_EDITABLE', `Only drafts can be deleted; withdraw a ${row.status} ${this.kind.noun} instead.`, {
          currentStatus: row.status,
          allowedActions: allowedActions(this.kind.machine, row.status),
        });
      }
      await manager.delete(this.entity, { id });
    });
  }

  async list(actor: Actor | undefined, query: ListingQueryDto): Promise<Page<{ row: E; distanceKm?: number }>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const near = query.near ? query.near.split(',').map(Number) : undefined;
    const sort: ListingSort = query.sort ?? (query.q ? 'relevance' : near ? 'distance' : '-createdAt');
    if (sort === 'relevance' && !query.q) throw fieldError([{ field: 'sort', reason: 'needsQ', message: 'sort=relevance needs q' }]);
    if (sort === 'distance' && !near) throw fieldError([{ field: 'sort', reason: 'needsNear', message: 'sort=distance needs near' }]);
    if (query.radiusKm !== undefined && !near) throw fieldError([{ field: 'radiusKm', reason: 'needsNear', message: 'radiusKm needs near' }]);
    if (near && (Math.abs(near[0]) > 90 || Math.abs(near[1]) > 180)) {
      throw fieldError([{ field: 'near', reason: 'outOfRange', message: 'near needs a latitude within ±90 and a longitude within ±180' }]);
    }

    const qb = this.query();
    // Visibility: public statuses, or the actor's own organisation (admins see everything).
    if (!actor?.isAdmin) {
      qb.andWhere('(l.status IN (:...publicStatuses) OR l.organisation_id = :actorOrg)', {
        publicStatuses: this.kind.publicStatuses,
        actorOrg: actor?.organisationId ?? '00000000-0000-0000-0000-000000000000',
      });
    }
    // Without an organisation filter, browsing shows what is published.
    if (!query.organisationId) qb.andWhere(`l.status = 'published'`);
    else qb.andWhere('l.organisation_id = :orgId', { orgId: query.organisationId });
    if (query.category) qb.andWhere('l.category = :category', { category: query.category });
    if (query.tags?.length) qb.andWhere('l.tags @> :tags::text[]', { tags: query.tags });
    if (query.districtId) await this.whereDistrict(qb, query.districtId);
    if (query.q) qb.andWhere(`${listingSearchVector('l')} @@ websearch_to_tsquery('german'::regconfig, :q)`, { q: query.q });
    if (near) {
      const [lat, lon] = near;
      const radius = query.radiusKm ?? DEFAULT_RADIUS_KM;
      const box = boundingBox(lat, lon, radius);
      qb.andWhere('l.lat BETWEEN :minLat AND :maxLat AND l.lon BETWEEN :minLon AND :maxLon', box)
        .andWhere('marktplatz_distance_km(l.lat, l.lon, :nearLat, :nearLon) <= :radius', { nearLat: lat, nearLon: lon, radius })
        .addSelect('marktplatz_distance_km(l.lat, l.lon, :nearLat, :nearLon)', 'distance_km');
    }

    const byDate = sort === '-createdAt' || sort === 'createdAt';
    const cursor = decodeCursor(query.cursor, sort, byDate ? 'date' : 'offset');
    let offset = 0;
    if (byDate) {
      const dir = sort === '-createdAt' ? 'DESC' : 'ASC';
      if (cursor) qb.andWhere(`(l.created_at, l.id) ${dir === 'DESC' ? '<' : '>'} (:cv, :cid)`, { cv: cursor.v, cid: cursor.id });
      qb.orderBy('l.created_at', dir).addOrderBy('l.id', dir);
    } else {
      // Computed orders page by position: the cursor holds the offset.
      offset = cursor ? Number(cursor.v) : 0;
      if (sort === 'relevance') {
        qb.addSelect(`ts_rank_cd(${listingSearchVector('l')}, websearch_to_tsquery('german'::regconfig, :q))`, 'rank').orderBy('rank', 'DESC');
      } else {
        qb.orderBy('distance_km', 'ASC');
      }
      qb.addOrderBy('l.id', 'ASC').offset(offset);
    }
    const { entities, raw } = await qb.limit(limit + 1).getRawAndEntities<{ distance_km?: number }>();
    const items = entities.slice(0, limit).map((row, i) => ({ row, distanceKm: near ? Number(raw[i]?.distance_km) : undefined }));
    let nextCursor: string | null = null;
    if (entities.length > limit) {
      const last = items[items.length - 1].row;
      nextCursor = byDate
        ? encodeCursor({ s: sort, v: last.createdAt.toISOString(), id: last.id })
        : encodeCursor({ s: sort, v: offset + limit, id: last.id });
    }
    return { items, nextCursor };
  }

  private commonColumns(dto: Partial<ListingInputDto>): Partial<Listing> {
    const out: Partial<Listing> = {};
    for (const key of ['title', 'description', 'category', 'tags', 'unit', 'startsAt', 'endsAt'] as const) {
      if (dto[key] !== undefined) (out as Record<string, unknown>)[key] = dto[key];
    }
    return out;
  }

  protected async locate(org: Organisation, districtId: string): Promise<{ lat: number; lon: number }> {
    return placeOf(org, await this.districts.cached(districtId));
  }
}

export const fieldError = (errors: FieldError[]) => new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '), { errors });
