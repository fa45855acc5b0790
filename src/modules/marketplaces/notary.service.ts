import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, type FieldError } from '../../common/errors/error-codes';
import { isPgError, PG_UNIQUE_VIOLATION } from '../../common/errors/pg';
import type { Actor } from '../auth/actor';
import { AgreementsService } from '../cooperations/agreements.service';
import { Cooperation } from '../cooperations/cooperation.entity';
import { CooperationWorkflow } from '../cooperations/cooperation.workflow';
import { proposalExists, ProposalsService } from '../cooperations/proposals.service';
import type { NotaryAgreementDto, NotaryAgreementInputDto, NotaryEntryDto } from './dto/notary.dto';
import type { Marketplace } from './marketplace.entity';
import { MarketplacesService } from './marketplaces.service';

interface PartyRow {
  id: string;
  kind: 'nonprofit' | 'company';
  district_id: string;
  registered: boolean;
}

/**
 * The notary desk (Notartisch): while a marketplace runs, its organisers and brokers (Makler)
 * record the agreements two participants reach at the event, also without a prior match. Each
 * becomes a cooperation of the workflow (proposed → accepted, recorded by that user) with version 1 of its
 * Engagement-Vereinbarung as a draft, which both sides then sign themselves (the usual sign route).
 */
@Injectable()
export class NotaryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: CooperationWorkflow,
    private readonly proposals: ProposalsService,
    private readonly agreements: AgreementsService,
    private readonly marketplaces: MarketplacesService,
  ) {}

  async record(actor: Actor, marketplaceId: string, dto: NotaryAgreementInputDto): Promise<NotaryAgreementDto> {
    await this.marketplaces.get(actor, marketplaceId); // 404 for drafts the actor does not run
    try {
      return await this.dataSource.transaction(async (manager) => {
        const marketplace = await this.lockRunning(manager, actor, marketplaceId);
        const parties = await this.parties(manager, marketplace, dto);
        const needDistrict = await this.subject(manager, dto);
        const existing = await this.proposals.openProposalId(manager, dto.nonprofitId, dto.companyId, dto.needId ?? null);
        if (existing) throw proposalExists(existing);
        const coop = manager.create(Cooperation, {
          status: 'proposed',
          districtId: needDistrict ?? parties.nonprofit.district_id,
          nonprofitId: dto.nonprofitId,
          companyId: dto.companyId,
          needId: dto.needId ?? null,
          offerId: dto.offerId ?? null,
          matchId: null,
          marketplaceId: marketplace.id,
          // Both sides agreed at the table; the nonprofit stands as the proposing side.
          proposedByOrganisationId: dto.nonprofitId,
          proposedByUserId: actor.userId,
          message: `Am Notartisch vereinbart: ${marketplace.name} / agreed at the notary desk of ${marketplace.name}`,
          expiresAt: null,
        });
        await manager.insert(Cooperation, coop);
        const recorder = { userId: actor.userId, organisationId: null };
        await this.workflow.recordProposal(manager, coop, recorder, dto.note ?? 'Notartisch / notary desk');
        const accepted = await this.workflow.transition(manager, coop.id, 'accept', recorder, { note: 'Am Notartisch von beiden Seiten angenommen / accepted by both at the notary desk' });
        const agreement = await this.agreements.draftIn(manager, accepted, dto.agreement, recorder, ['nonprofit', 'company']);
        return { cooperationId: coop.id, agreement };
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'cooperations_open_pair_key')) {
        throw proposalExists(await this.proposals.openProposalId(this.dataSource.manager, dto.nonprofitId, dto.companyId, dto.needId ?? null));
      }
      throw err;
    }
  }

  /** What was recorded at this marketplace's notary desk, newest first (organisers, brokers, admins). */
  async list(actor: Actor, marketplaceId: string): Promise<NotaryEntryDto[]> {
    const marketplace = await this.marketplaces.get(actor, marketplaceId);
    await this.marketplaces.assertMayBroker(actor, marketplace, 'read its notary desk');
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.nonprofit_id, n.name AS nonprofit_name, c.company_id, k.name AS company_name, c.status, c.created_at,
              a.signed_at IS NOT NULL AS signed, a.estimated_hours, a.estimated_value_eur
         FROM cooperations c
         JOIN organisations n ON n.id = c.nonprofit_id
         JOIN organisations k ON k.id = c.company_id
         LEFT JOIN LATERAL (SELECT signed_at, estimated_hours, estimated_value_eur FROM agreements WHERE cooperation_id = c.id ORDER BY version DESC LIMIT 1) a ON true
        WHERE c.marketplace_id = $1
        ORDER BY c.created_at DESC, c.id DESC`,
      [marketplace.id],
    )) as Array<Record<string, string | boolean | Date | null>>;
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return rows.map((r) => ({
      cooperationId: r.id as string,
      nonprofitId: r.nonprofit_id as string,
      nonprofitName: r.nonprofit_name as string,
      companyId: r.company_id as string,
      companyName: r.company_name as string,
      status: r.status as string,
      signed: r.signed === true,
      estimatedHours: num(r.estimated_hours),
      estimatedValueEur: num(r.estimated_value_eur),
      createdAt: r.created_at as Date,
    }));
  }

  private async lockRunning(manager: EntityManager, actor: Actor, id: string): Promise<Marketplace> {
    const marketplace = await this.marketplaces.lock(manager, id);
    await this.marketplaces.assertMayBroker(actor, marketplace, 'keep its notary desk');
    if (marketplace.status !== 'running') {
      throw new AppError('INVALID_TRANSITION', `The notary desk is open while the marketplace runs; it is ${marketplace.status}.`, {
        currentStatus: marketplace.status,
        allowedStatuses: ['running'],
      });
    }
    return marketplace;
  }

  /** Both organisations exist, have the right kind and are registered at this marketplace. */
  private async parties(manager: EntityManager, marketplace: Marketplace, dto: NotaryAgreementInputDto): Promise<{ nonprofit: PartyRow; company: PartyRow }> {
    const rows = (await manager.query(
      `SELECT o.id, o.kind, o.district_id,
              EXISTS (SELECT 1 FROM marketplace_registrations r WHERE r.marketplace_id = $2 AND r.organisation_id = o.id AND r.status = 'registered') AS registered
         FROM organisations o WHERE o.id = ANY($1::uuid[])`,
      [[dto.nonprofitId, dto.companyId], marketplace.id],
    )) as PartyRow[];
    const errors: FieldError[] = [];
    const check = (field: 'nonprofitId' | 'companyId', kind: PartyRow['kind']) => {
      const row = rows.find((r) => r.id === dto[field]);
      if (!row) errors.push({ field, reason: 'unknownOrganisation', message: `${field} names no organisation` });
      else if (row.kind !== kind) errors.push({ field, reason: 'wrongKind', message: `${field} must name a ${kind}` });
      else if (!row.registered) errors.push({ field, reason: 'notRegistered', message: `${field} is not registered at this marketplace` });
      return row!;
    };
    const nonprofit = check('nonprofitId', 'nonprofit');
    const company = check('companyId', 'company');
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '), { errors });
    return { nonprofit, company };
  }

  /** A need or an offer (or both) says what the cooperation is about; named, they belong to the parties. Returns the need's district. */
  private async subject(manager: EntityManager, dto: NotaryAgreementInputDto): Promise<string | null> {
    const errors: FieldError[] = [];
    let district: string | null = null;
    if (!dto.needId && !dto.offerId) {
      throw new AppError('VALIDATION_FAILED', 'Name the need or the offer the agreement is about (a prior match is not required).', {
        errors: [{ field: 'needId', reason: 'subjectRequired', message: 'needId or offerId is required' }],
      });
    }
    if (dto.needId) {
      const [need] = (await manager.query(`SELECT organisation_id, district_id, status FROM needs WHERE id = $1`, [dto.needId])) as Array<{ organisation_id: string; district_id: string; status: string }>;
      if (!need || need.organisation_id !== dto.nonprofitId || need.status === 'draft') errors.push({ field: 'needId', reason: 'notTheNonprofits', message: 'needId must name a published need of the nonprofit' });
      else district = need.district_id;
    }
    if (dto.offerId) {
      const [offer] = (await manager.query(`SELECT organisation_id, status FROM offers WHERE id = $1`, [dto.offerId])) as Array<{ organisation_id: string; status: string }>;
      if (!offer || offer.organisation_id !== dto.companyId || offer.status === 'draft') errors.push({ field: 'offerId', reason: 'notTheCompanys', message: 'offerId must name a published offer of the company' });
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '), { errors });
    return district;
  }
}
