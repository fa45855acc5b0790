import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { Actor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import { DEFAULT_WEIGHTS, DEFAULT_WEIGHTS_VERSION, type MatchingWeights } from './scoring/model';

export interface VersionedWeights {
  /** `default.v1`, or `<city slug>.v<n>` for weights an organiser tuned. */
  version: string;
  cityId: string;
  weights: MatchingWeights;
  createdAt: Date | null;
  createdBy: string | null;
}

const CACHE_TTL_MS = 30_000;

/**
 * The weights of the matching model per city: the defaults from the code, or the latest version
 * an organiser of that city saved. Every save is a new version; old versions stay readable so
 * that every match can say which weights scored it.
 */
@Injectable()
export class WeightsService {
  private readonly cache = new Map<string, { at: number; value: Promise<VersionedWeights> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly districts: DistrictsService,
  ) {}

  async cityOf(districtId: string) {
    const district = await this.districts.cached(districtId);
    return this.districts.cached(district.ancestorIds[0] ?? district.id);
  }

  async forDistrict(districtId: string): Promise<VersionedWeights> {
    const city = await this.cityOf(districtId);
    const hit = this.cache.get(city.id);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.value;
    const value = this.load(city.id, city.slug);
    this.cache.set(city.id, { at: Date.now(), value });
    value.catch(() => this.cache.delete(city.id));
    return value;
  }

  private async load(cityId: string, slug: string): Promise<VersionedWeights> {
    const [row] = (await this.dataSource.query(
      `SELECT version, weights, created_at, created_by FROM matching_weights WHERE city_id = $1 ORDER BY version DESC LIMIT 1`,
      [cityId],
    )) as Array<{ version: number; weights: MatchingWeights; created_at: Date; created_by: string | null }>;
    if (!row) return { version: DEFAULT_WEIGHTS_VERSION, cityId, weights: { ...DEFAULT_WEIGHTS }, createdAt: null, createdBy: null };
    return { version: `${slug}.v${row.version}`, cityId, weights: { ...DEFAULT_WEIGHTS, ...row.weights }, createdAt: row.created_at, createdBy: row.created_by };
  }

  /** Weights by version label, for explaining stored matches (null when unknown). */
  async byVersion(label: string): Promise<MatchingWeights | null> {
    if (label === DEFAULT_WEIGHTS_VERSION) return { ...DEFAULT_WEIGHTS };
    const m = /^(.+)\.v(\d+)$/.exec(label);
    if (!m) return null;
    const [row] = (await this.dataSource.query(
      `SELECT w.weights FROM matching_weights w JOIN districts d ON d.id = w.city_id WHERE d.slug = $1 AND w.version = $2`,
      [m[1], Number(m[2])],
    )) as Array<{ weights: MatchingWeights }>;
    return row ? { ...DEFAULT_WEIGHTS, ...row.weights } : null;
  }

  /** Saves a new version for the city of `districtId`. Organisers of the city (or admins) only. */
  async save(actor: Actor, districtId: string, weights: MatchingWeights): Promise<VersionedWeights> {
    const city = await this.cityOf(districtId);
    if (!actor.isAdmin && !actor.organiserDistrictIds.includes(city.id)) {
      throw new AppError('FORBIDDEN', 'Only organisers of the whole city (or admins) may tune its matching weights.');
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(7302, hashtext($1))`, [city.id]);
      await manager.query(
        `INSERT INTO matching_weights (city_id, version, weights, created_by)
         SELECT $1, coalesce(max(version), 0) + 1, $2, $3 FROM matching_weights WHERE city_id = $1`,
        [city.id, JSON.stringify(weights), actor.userId],
      );
    });
    this.cache.delete(city.id);
    return this.forDistrict(city.id);
  }
}
