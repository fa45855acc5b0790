import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { Actor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import { NotificationsService } from '../notifications/notifications.service';
import { Organisation } from '../organisations/organisation.entity';
import type { VerificationDto, VerificationHistoryDto, VerificationHistoryEntryDto } from './dto/verification.dto';
import { OrganisationVerification } from './organisation-verification.entity';
import { basisFitsKind, isVerifiedSql, VERIFICATION_BASES_BY_KIND, VERIFICATION_BASIS_LABELS_DE, verificationBadge, type VerificationBasis } from './verification';

const organisationNotFound = (id: string) => new AppError('ORGANISATION_NOT_FOUND', `Organisation ${id} does not exist.`);

/**
 * Trust: organisers of a district (or of an ancestor) and admins verify organisations, and take
 * the verification back. Each change writes the organisation's columns and a history row in one
 * transaction, under a row lock.
 */
@Injectable()
export class TrustService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly districts: DistrictsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Whether the organisation is verified now (for other modules; reads inside `manager`'s transaction when given). */
  async isVerified(organisationId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = (await manager.query(`SELECT ${isVerifiedSql('o')} AS verified FROM organisations o WHERE o.id = $1`, [organisationId])) as Array<{ verified: boolean }>;
    return rows[0]?.verified ?? false;
  }

  /** Verifies (or re-verifies on another basis or with another note); the same basis and note again change nothing. */
  async verify(actor: Actor, organisationId: string, basis: VerificationBasis, note: string | null): Promise<VerificationDto> {
    await this.dataSource.transaction(async (manager) => {
      const org = await this.loadForChange(manager, actor, organisationId);
      if (!basisFitsKind(org.kind, basis)) {
        const allowed = VERIFICATION_BASES_BY_KIND[org.kind].join(', ');
        throw new AppError('VALIDATION_FAILED', `A ${org.kind} is verified on the basis of ${allowed}.`, {
          errors: [{ field: 'basis', reason: 'notForKind', message: `basis must be one of ${allowed} for a ${org.kind}` }],
        });
      }
      if (org.verifiedAt && org.verificationBasis === basis && org.verificationNote === note) return;
      const at = new Date();
      const wasVerified = !!org.verifiedAt;
      await manager.update(Organisation, { id: org.id }, { verifiedAt: at, verifiedBy: actor.userId, verificationBasis: basis, verificationNote: note });
      const { identifiers } = await manager.insert(OrganisationVerification, { organisationId: org.id, action: 'verified', basis, note, byUserId: actor.userId, at });
      // The members hear of it when the badge appears (not when an organiser only corrects the note or basis).
      if (!wasVerified) {
        await this.notifications.notify(manager, {
          kind: 'organisation_verified',
          organisationIds: [org.id],
          params: { organisation: org.name, basis: VERIFICATION_BASIS_LABELS_DE[basis], url: `/v1/organisations/${org.id}` },
          dedupeKey: `organisation-verified.${String(identifiers[0].id)}`,
        });
      }
    });
    return this.current(organisationId);
  }

  /** Takes the verification back, with a reason; revoking an unverified organisation changes nothing. */
  async revoke(actor: Actor, organisationId: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const org = await this.loadForChange(manager, actor, organisationId);
      if (!org.verifiedAt) return;
      await manager.update(Organisation, { id: org.id }, { verifiedAt: null, verifiedBy: null, verificationBasis: null, verificationNote: null });
      await manager.insert(OrganisationVerification, { organisationId: org.id, action: 'revoked', basis: org.verificationBasis, note: reason, byUserId: actor.userId, at: new Date() });
    });
  }

  /** The current state and every change, newest first: organisers of the district, admins, and the organisation's members. */
  async history(actor: Actor, organisationId: string): Promise<VerificationHistoryDto> {
    const org = await this.dataSource.manager.findOneBy(Organisation, { id: organisationId, deletedAt: IsNull() });
    if (!org) throw organisationNotFound(organisationId);
    const member = actor.organisationId === org.id;
    if (!actor.isAdmin && !member && !(await this.districts.organises(actor, org.districtId))) {
      throw new AppError('FORBIDDEN', "Only the organisation's members, the district's organisers and admins read its verification history.");
    }
    const rows = (await this.dataSource.query(
      `SELECT v.id, v.action, v.basis, v.note, v.at, u.id AS by_id, u.display_name AS by_name
         FROM organisation_verifications v LEFT JOIN users u ON u.id = v.by_user_id
        WHERE v.organisation_id = $1 ORDER BY v.at DESC, v.id DESC`,
      [organisationId],
    )) as Array<{ id: string; action: 'verified' | 'revoked'; basis: VerificationBasis | null; note: string | null; at: Date; by_id: string | null; by_name: string | null }>;
    const items: VerificationHistoryEntryDto[] = rows.map((r) => ({
      id: r.id,
      action: r.action,
      basis: r.basis,
      note: r.note,
      by: r.by_id ? { id: r.by_id, displayName: r.by_name ?? '' } : null,
      at: r.at,
    }));
    return { current: await this.current(organisationId), items };
  }

  private async current(organisationId: string): Promise<VerificationDto> {
    const [row] = (await this.dataSource.query(
      `SELECT o.verified_at, o.verification_basis, o.verification_note, u.id AS by_id, u.display_name AS by_name
         FROM organisations o LEFT JOIN users u ON u.id = o.verified_by WHERE o.id = $1`,
      [organisationId],
    )) as Array<{ verified_at: Date | null; verification_basis: VerificationBasis | null; verification_note: string | null; by_id: string | null; by_name: string | null }>;
    if (!row) throw organisationNotFound(organisationId);
    return {
      ...verificationBadge({ verifiedAt: row.verified_at, verificationBasis: row.verification_basis }),
      note: row.verified_at ? row.verification_note : null,
      verifiedBy: row.verified_at && row.by_id ? { id: row.by_id, displayName: row.by_name ?? '' } : null,
    };
  }

  /**
   * Locks the organisation and checks the actor: an organiser of its district (or an ancestor) or
   * an admin; never a member of the organisation itself (unless admin).
   */
  private async loadForChange(manager: EntityManager, actor: Actor, organisationId: string): Promise<Organisation> {
    const org = await manager.findOne(Organisation, { where: { id: organisationId, deletedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
    if (!org) throw organisationNotFound(organisationId);
    if (actor.isAdmin) return org;
    if (actor.organisationId === org.id) {
      throw new AppError('SELF_VERIFICATION', 'Members cannot verify their own organisation; another organiser of the district or an admin can.');
    }
    if (!(await this.districts.organises(actor, org.districtId))) {
      throw new AppError('FORBIDDEN', "Only organisers of the organisation's district (or a district above it) and admins verify organisations.");
    }
    return org;
  }
}
