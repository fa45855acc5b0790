import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { isPgError, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION } from '../../common/errors/pg';
import { assertIfMatch } from '../../common/http/etag';
import type { DistrictLevel } from '../../common/domain/vocabulary';
import { DistrictDirectory } from './district-directory';
import { District } from './district.entity';
import { CreateDistrictDto, DistrictDto, DistrictTreeDto, UpdateDistrictDto } from './dto/district.dto';

const PARENT_LEVEL: Record<DistrictLevel, DistrictLevel | null> = { city: null, borough: 'city', quarter: 'borough' };

const districtNotFound = (id: string) => new AppError('DISTRICT_NOT_FOUND', `District ${id} does not exist.`);

export const toDistrictDto = (d: District): DistrictDto => ({
  id: d.id,
  name: d.name,
  slug: d.slug,
  parentId: d.parentId,
  level: d.level,
  lat: d.lat,
  lon: d.lon,
  version: d.version,
});

/**
 * How long a process trusts its in-memory copy of the districts. Writes through this service
 * refresh it at once; a change made by another instance is seen within this time.
 */
export const DISTRICT_CACHE_TTL_MS = 30_000;

@Injectable()
export class DistrictsService {
  private directory?: { loadedAt: number; value: Promise<DistrictDirectory> };

  constructor(@InjectRepository(District) private readonly districts: Repository<District>) {}

  async tree(): Promise<DistrictTreeDto[]> {
    const all = await this.districts.find({ order: { name: 'ASC' } });
    const nodes = new Map(all.map((d) => [d.id, { ...toDistrictDto(d), children: [] as DistrictTreeDto[] }]));
    const roots: DistrictTreeDto[] = [];
    for (const d of all) {
      const node = nodes.get(d.id)!;
      const parent = d.parentId ? nodes.get(d.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }

  /** One district, read from the database (for the API and for writes). */
  async get(id: string): Promise<District> {
    const district = await this.districts.findOneBy({ id });
    if (!district) throw districtNotFound(id);
    return district;
  }

  /** The districts in memory, reloaded when older than the TTL or when one of `ids` is unknown. */
  private async lookup(ids: string[] = []): Promise<DistrictDirectory> {
    const stale = !this.directory || Date.now() - this.directory.loadedAt > DISTRICT_CACHE_TTL_MS;
    if (!stale) {
      const dir = await this.directory!.value;
      if (ids.every((id) => dir.has(id))) return dir;
    }
    const value = this.districts.find().then((all) => new DistrictDirectory(all));
    this.directory = { loadedAt: Date.now(), value };
    value.catch(() => (this.directory = undefined));
    return value;
  }

  private invalidate(): void {
    this.directory = undefined;
  }

  /** A district for filtering and placing items (from memory; 404 when unknown). */
  async cached(id: string): Promise<District> {
    const district = (await this.lookup([id])).get(id);
    if (!district) throw districtNotFound(id);
    return district;
  }

  /** The district and all its descendants (a filter by district includes them). */
  async subtreeIds(id: string): Promise<string[]> {
    const ids = (await this.lookup([id])).subtree(id);
    if (!ids.length) throw districtNotFound(id);
    return ids;
  }

  /**
   * Is the actor an organiser of this district (directly or through an ancestor)? Admins are not
   * counted here: callers decide whether an admin passes too. Throws DISTRICT_NOT_FOUND.
   */
  async organises(actor: { organiserDistrictIds: string[] }, districtId: string): Promise<boolean> {
    if (!actor.organiserDistrictIds.length) return false;
    const d = await this.cached(districtId);
    return d.ancestorIds.some((a) => actor.organiserDistrictIds.includes(a));
  }

  /** The districts an organiser oversees: their districts and all descendants. */
  async organisedDistricts(actor: { organiserDistrictIds: string[] }): Promise<string[]> {
    const out = new Set<string>();
    for (const id of actor.organiserDistrictIds) for (const d of await this.subtreeIds(id).catch(() => [])) out.add(d);
    return [...out];
  }

  /** Refuses a request body that names districts which do not exist (400, per field). */
  async assertExist(ids: string[], field: string): Promise<void> {
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    const dir = await this.lookup(unique);
    if (!unique.every((id) => dir.has(id))) {
      throw new AppError('VALIDATION_FAILED', `${field} names a district that does not exist.`, {
        errors: [{ field, reason: 'unknownDistrict', message: `${field} must name existing districts (GET /v1/districts)` }],
      });
    }
  }

  async create(dto: CreateDistrictDto): Promise<District> {
    const expectedParent = PARENT_LEVEL[dto.level];
    let ancestors: string[] = [];
    if (expectedParent) {
      if (!dto.parentId) throw this.fieldError('parentId', 'required', `a ${dto.level} needs a parent ${expectedParent}`);
      const parent = await this.districts.findOneBy({ id: dto.parentId });
      if (!parent) throw this.fieldError('parentId', 'unknownDistrict', 'parentId must name an existing district');
      if (parent.level !== expectedParent) throw this.fieldError('parentId', 'wrongLevel', `the parent of a ${dto.level} must be a ${expectedParent}, not a ${parent.level}`);
      ancestors = parent.ancestorIds;
    } else if (dto.parentId) {
      throw this.fieldError('parentId', 'notAllowed', 'a city has no parent');
    }
    const id = randomUUID();
    try {
      await this.districts.insert({ id, ...dto, parentId: dto.parentId ?? null, ancestorIds: [...ancestors, id] });
      this.invalidate();
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION)) throw new AppError('SLUG_TAKEN', `The slug "${dto.slug}" is taken.`);
      throw err;
    }
    return this.get(id);
  }

  /** Read, check and write under a row lock, so a stale If-Match can never overwrite a newer version. */
  async update(id: string, dto: UpdateDistrictDto, ifMatch?: string): Promise<District> {
    try {
      return await this.districts.manager.transaction(async (manager) => {
        const district = await manager.findOne(District, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!district) throw districtNotFound(id);
        assertIfMatch(ifMatch, district.version);
        Object.assign(district, dto);
        return manager.save(district);
      }).finally(() => this.invalidate());
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION)) throw new AppError('SLUG_TAKEN', `The slug "${dto.slug}" is taken.`);
      throw err;
    }
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    const [{ used }] = await this.districts.query(
      `SELECT (EXISTS (SELECT 1 FROM offers WHERE $1 = ANY(district_ids))
            OR EXISTS (SELECT 1 FROM organisations WHERE $1 = ANY(engagement_district_ids))
            OR EXISTS (SELECT 1 FROM users WHERE $1 = ANY(organiser_district_ids))) AS used`,
      [id],
    );
    if (used) throw new AppError('DISTRICT_IN_USE', 'Offers, organisations or organisers refer to this district; it cannot be deleted.');
    // home districts of organisations, needs and offers are foreign keys: a violation means in use
    try {
      await this.districts.delete({ id });
      this.invalidate();
    } catch (err) {
      if (isPgError(err, PG_FOREIGN_KEY_VIOLATION)) {
        throw new AppError('DISTRICT_IN_USE', 'Sub-districts, organisations, needs or offers refer to this district; it cannot be deleted.');
      }
      throw err;
    }
  }

  private fieldError(field: string, reason: string, message: string) {
    return new AppError('VALIDATION_FAILED', message, { errors: [{ field, reason, message }] });
  }
}
