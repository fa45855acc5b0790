import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { COMPANY_LEGAL_FORMS, NONPROFIT_LEGAL_FORMS, type OrganisationKind } from '../../common/domain/vocabulary';
import { AppError, FieldError } from '../../common/errors/error-codes';
import { assertIfMatch } from '../../common/http/etag';
import { decodeCursor, encodeCursor, Page } from '../../common/http/pagination';
import { JobName } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import { Actor, actsFor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import { isVerifiedSql, verificationBadge } from '../trust/verification';
import { completenessOf } from './completeness';
import { CreateOrganisationDto, UpdateOrganisationDto } from './dto/organisation-input.dto';
import { OrganisationDto } from './dto/organisation.dto';
import { OrganisationQueryDto } from './dto/organisation-query.dto';
import { Organisation } from './organisation.entity';

const SORT = '-createdAt';
const organisationNotFound = (id: string) => new AppError('ORGANISATION_NOT_FOUND', `Organisation ${id} does not exist.`);

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly districts: DistrictsService,
    private readonly outbox: OutboxService,
  ) {}

  /** Profile fields the matching score reads (cause areas, Gegenleistungen). */
  private static matchingFingerprint(org: Organisation): string {
    return JSON.stringify([org.causeAreas, org.giveBacks, org.engagementCauseAreas]);
  }

  /** Contact details are for signed-in users only (privacy by default). */
  toDto(org: Organisation, showContact: boolean): OrganisationDto {
    return {
      id: org.id,
      kind: org.kind,
      name: org.name,
      legalForm: org.legalForm,
      description: org.description,
      districtId: org.districtId,
      street: org.street,
      postalCode: org.postalCode,
      city: org.city,
      lat: org.lat,
      lon: org.lon,
      causeAreas: org.causeAreas,
      website: org.website,
      contactName: showContact ? org.contactName : null,
      contactEmail: showContact ? org.contactEmail : null,
      contactPhone: showContact ? org.contactPhone : null,
      giveBacks: org.giveBacks,
      engagement:
        org.kind === 'company'
          ? { causeAreas: org.engagementCauseAreas, districtIds: org.engagementDistrictIds, yearlyHours: org.engagementYearlyHours }
          : null,
      completeness: completenessOf(org),
      verification: verificationBadge(org),
      version: org.version,
      createdAt: org.createdAt,
      updatedAt: org.updatedAt,
    };
  }

  /** A deleted organisation (a row kept anonymised for cooperations, see src/modules/privacy) is not found. */
  async get(id: string): Promise<Organisation> {
    const org = await this.organisations.findOneBy({ id, deletedAt: IsNull() });
    if (!org) throw organisationNotFound(id);
    return org;
  }

  /** Creates the organisation inside the caller's transaction (signup). */
  async create(manager: EntityManager, dto: CreateOrganisationDto, fieldPrefix = ''): Promise<Organisation> {
    this.assertKindRules(dto.kind, dto, fieldPrefix);
    await this.districts.assertExist([dto.districtId], `${fieldPrefix}districtId`);
    await this.districts.assertExist(dto.engagement?.districtIds ?? [], `${fieldPrefix}engagement.districtIds`);
    const org = manager.create(Organisation, { ...this.columns(dto), kind: dto.kind });
    return manager.save(org);
  }

  /** Read, check and write under a row lock, so a stale If-Match can never overwrite a newer version. */
  async update(actor: Actor, id: string, dto: UpdateOrganisationDto, ifMatch?: string): Promise<Organisation> {
    return this.organisations.manager.transaction(async (manager) => {
      const org = await manager.findOne(Organisation, { where: { id, deletedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw organisationNotFound(id);
      if (!actsFor(actor, org.id)) throw new AppError('FORBIDDEN', 'Only members of this organisation can change its profile.');
      assertIfMatch(ifMatch, org.version);
      this.assertKindRules(org.kind, dto);
      if (dto.districtId) await this.districts.assertExist([dto.districtId], 'districtId');
      await this.districts.assertExist(dto.engagement?.districtIds ?? [], 'engagement.districtIds');
      const before = OrganisationsService.matchingFingerprint(org);
      Object.assign(org, this.columns(dto));
      const saved = await manager.save(org);
      if (OrganisationsService.matchingFingerprint(saved) !== before) await this.rematchListings(manager, saved);
      return saved;
    });
  }

  /** The organisation's published needs or offers are scored again (their scores read the profile). */
  private async rematchListings(manager: EntityManager, org: Organisation): Promise<void> {
    const trigger = `org${org.version}`;
    if (org.kind === 'nonprofit') {
      const needs = (await manager.query(`SELECT id, version FROM needs WHERE organisation_id = $1 AND status = 'published'`, [org.id])) as Array<{ id: string; version: number }>;
      for (const n of needs) await this.outbox.enqueue(manager, JobName.MatchNeed, { needId: n.id, version: n.version, change: 'updated', trigger });
    } else {
      const offers = (await manager.query(`SELECT id, version FROM offers WHERE organisation_id = $1 AND status = 'published'`, [org.id])) as Array<{ id: string; version: number }>;
      for (const o of offers) await this.outbox.enqueue(manager, JobName.MatchOffer, { offerId: o.id, version: o.version, change: 'updated', trigger });
    }
  }

  async list(query: OrganisationQueryDto): Promise<Page<Organisation>> {
    const limit = query.limit ?? 20;
    const qb = this.organisations.createQueryBuilder('o').where('o.deleted_at IS NULL');
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.verified !== undefined) qb.andWhere(query.verified ? isVerifiedSql('o') : `NOT (${isVerifiedSql('o')})`);
    if (query.causeArea) qb.andWhere(':cause = ANY(o.cause_areas)', { cause: query.causeArea });
    if (query.districtId) qb.andWhere('o.district_id = ANY(:districtIds)', { districtIds: await this.districts.subtreeIds(query.districtId) });
    if (query.q) {
      qb.andWhere(`to_tsvector('german'::regconfig, o.name || ' ' || o.description) @@ websearch_to_tsquery('german'::regconfig, :q)`, { q: query.q });
    }
    const cursor = decodeCursor(query.cursor, SORT);
    if (cursor) qb.andWhere('(o.created_at, o.id) < (:cv, :cid)', { cv: cursor.v, cid: cursor.id });
    const rows = await qb.orderBy('o.created_at', 'DESC').addOrderBy('o.id', 'DESC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor({ s: SORT, v: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  /** Entity columns from an input DTO; only the fields the client sent. */
  private columns(dto: UpdateOrganisationDto): Partial<Organisation> {
    const { engagement, ...rest } = dto;
    const out: Partial<Organisation> = { ...rest };
    if (engagement?.causeAreas) out.engagementCauseAreas = engagement.causeAreas;
    if (engagement?.districtIds) out.engagementDistrictIds = engagement.districtIds;
    if (engagement?.yearlyHours !== undefined) out.engagementYearlyHours = engagement.yearlyHours;
    return out;
  }

  private assertKindRules(kind: OrganisationKind, dto: UpdateOrganisationDto, prefix = ''): void {
    const errors: FieldError[] = [];
    const forms: readonly string[] = kind === 'nonprofit' ? NONPROFIT_LEGAL_FORMS : COMPANY_LEGAL_FORMS;
    if (dto.legalForm && !forms.includes(dto.legalForm)) {
      errors.push({ field: `${prefix}legalForm`, reason: 'notForKind', message: `a ${kind} can have the legal form ${forms.join(', ')}` });
    }
    if (kind === 'company' && dto.giveBacks?.length) {
      errors.push({ field: `${prefix}giveBacks`, reason: 'notForKind', message: 'giveBacks (Gegenleistungen) are for nonprofits' });
    }
    if (kind === 'nonprofit' && dto.engagement) {
      errors.push({ field: `${prefix}engagement`, reason: 'notForKind', message: 'engagement preferences are for companies' });
    }
    if ((dto.lat === undefined) !== (dto.lon === undefined)) {
      errors.push({ field: `${prefix}${dto.lat === undefined ? 'lat' : 'lon'}`, reason: 'required', message: 'lat and lon go together' });
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '), { errors });
  }
}
