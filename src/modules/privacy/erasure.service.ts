import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { actsFor, type Actor } from '../auth/actor';
import { verifyPassword } from '../auth/password';
import { contentHash } from '../cooperations/agreement-content';
import type { ContactPerson } from '../cooperations/agreement.entity';
import { contentOf } from '../cooperations/agreements.service';
import { Agreement } from '../cooperations/agreement.entity';
import { namesOf, paramsFor } from '../cooperations/cooperation-notices';
import { Cooperation } from '../cooperations/cooperation.entity';
import { OPEN_STATUSES } from '../cooperations/cooperation.machine';
import { CooperationWorkflow } from '../cooperations/cooperation.workflow';
import { NotificationsService } from '../notifications/notifications.service';
import { USER_REFERENCES } from './user-references';

/** How a deleted organisation reads where a cooperation with a signed agreement still shows it. */
export const DELETED_ORGANISATION_NAME = 'Gelöschte Organisation';
/** A contact person of a signed agreement whose account was deleted. */
export const DELETED_PERSON_NAME = 'Gelöschte Person';
const CANCEL_REASON = 'Die Organisation hat ihr Konto gelöscht. / The organisation deleted its account.';

export interface OrganisationErasure {
  organisationId: string;
  /** true: cooperations with a signed agreement keep an anonymised row for the other party; false: the row is gone. */
  tombstone: boolean;
  members: number;
  needs: number;
  offers: number;
  cooperationsDeleted: number;
  cooperationsKept: number;
  cooperationsCancelled: number;
  agreementsAnonymised: number;
  apiClients: number;
  webhooks: number;
}

const count = (result: unknown) => (Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0);

/**
 * Deleting accounts (GDPR Art. 17), each in one transaction. An organisation: its members'
 * accounts, its drafts and listings, matches, shortlist, readiness checks, verifications,
 * registrations and meeting wishes, API clients and webhooks, notifications and its public
 * events are deleted; cooperations without a signed agreement go with it. A cooperation with a
 * signed agreement stays readable for the other party: the organisation's row is kept under the
 * name "Gelöschte Organisation" with nothing else that describes it, its contact person in the
 * agreements is anonymised, an open cooperation is cancelled (the other party is told), and no
 * record names one of its users any more. A user: the account, their notifications and broker
 * appointments; records they wrote stay with their organisation, without their name.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflow: CooperationWorkflow,
    private readonly notifications: NotificationsService,
  ) {}

  /** The caller's password, checked like a login (same work whether it is right or not). */
  async assertPassword(actor: Actor, password: string): Promise<void> {
    const [row] = (await this.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [actor.userId])) as Array<{ password_hash: string }>;
    if (!row || !(await verifyPassword(password, row.password_hash))) {
      throw new AppError('REAUTHENTICATION_FAILED', 'The password is wrong; nothing was deleted.');
    }
  }

  /** An organisation's export is for its own members only (not admins, not organisers); a deleted one is not found. */
  async assertExportable(actor: Actor, organisationId: string): Promise<void> {
    await this.assertLiving(this.dataSource.manager, organisationId);
    if (actor.organisationId !== organisationId) throw new AppError('FORBIDDEN', 'Only members of this organisation can export its data.');
  }

  /** 404 for an organisation that does not exist or was deleted (its tombstone); with FOR UPDATE, locked until the transaction ends. */
  private async assertLiving(manager: EntityManager, organisationId: string, lock: '' | 'FOR UPDATE' = ''): Promise<void> {
    const [org] = (await manager.query(`SELECT id FROM organisations WHERE id = $1 AND deleted_at IS NULL ${lock}`, [organisationId])) as unknown[];
    if (!org) throw new AppError('ORGANISATION_NOT_FOUND', `Organisation ${organisationId} does not exist.`);
  }

  // ---- a user ---------------------------------------------------------------------------------

  async deleteUser(actor: Actor, password: string): Promise<void> {
    if (actor.apiClient) throw new AppError('FORBIDDEN', 'An account is deleted by its user, not with an API key.');
    await this.assertPassword(actor, password);
    await this.dataSource.transaction(async (manager) => {
      const [user] = (await manager.query(`SELECT id, email, organisation_id FROM users WHERE id = $1 FOR UPDATE`, [actor.userId])) as Array<{
        id: string;
        email: string;
        organisation_id: string | null;
      }>;
      if (!user) throw new AppError('UNAUTHENTICATED', 'The account behind this token no longer exists.');
      if (user.organisation_id) {
        // lock the organisation, so that two last members cannot both leave it empty
        await manager.query(`SELECT id FROM organisations WHERE id = $1 FOR UPDATE`, [user.organisation_id]);
        const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM users WHERE organisation_id = $1 AND id <> $2`, [user.organisation_id, user.id])) as Array<{ n: number }>;
        if (n === 0) {
          throw new AppError('LAST_MEMBER', 'You are the last member of your organisation: delete the organisation instead (DELETE /v1/organisations/{id}), which deletes your account with it.', {
            organisationId: user.organisation_id,
          });
        }
        // the organisation's contact person, if that was this user
        await manager.query(
          `UPDATE organisations SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, version = version + 1, updated_at = now()
            WHERE id = $1 AND lower(contact_email) = $2`,
          [user.organisation_id, user.email],
        );
      }
      await this.beginErasure(manager);
      await this.anonymiseContacts(manager, `lower(a.nonprofit_contact->>'email') = $1 OR lower(a.company_contact->>'email') = $1`, [user.email], (side, c) =>
        c.email?.toLowerCase() === user.email ? { name: DELETED_PERSON_NAME, email: null, phone: null } : c,
      );
      await this.eraseUsers(manager, [user.id]);
    });
    this.logger.log({ userId: actor.userId }, 'account deleted');
  }

  // ---- an organisation ------------------------------------------------------------------------

  async deleteOrganisation(actor: Actor, organisationId: string, password: string): Promise<OrganisationErasure> {
    if (actor.apiClient) throw new AppError('FORBIDDEN', 'An organisation is deleted by a member, not with an API key.');
    await this.assertLiving(this.dataSource.manager, organisationId);
    if (!actsFor(actor, organisationId)) throw new AppError('FORBIDDEN', 'Only members of this organisation (and admins) can delete it.');
    await this.assertPassword(actor, password);
    const result = await this.dataSource.transaction((manager) => this.eraseOrganisation(manager, organisationId));
    this.logger.log({ organisationId, by: actor.userId, tombstone: result.tombstone }, 'organisation deleted');
    return result;
  }

  private async eraseOrganisation(manager: EntityManager, id: string): Promise<OrganisationErasure> {
    await this.assertLiving(manager, id, 'FOR UPDATE');
    // its listings and members, locked: no publication, proposal or login change races the deletion
    await manager.query(`SELECT id FROM needs WHERE organisation_id = $1 FOR UPDATE`, [id]);
    await manager.query(`SELECT id FROM offers WHERE organisation_id = $1 FOR UPDATE`, [id]);
    const members = ((await manager.query(`SELECT id FROM users WHERE organisation_id = $1 ORDER BY id FOR UPDATE`, [id])) as Array<{ id: string }>).map((r) => r.id);
    await this.beginErasure(manager);

    // cooperations: those with a version signed by both stay (for the other party), the rest go
    const coops = (await manager.query(
      `SELECT c.id, EXISTS (SELECT 1 FROM agreements a WHERE a.cooperation_id = c.id AND a.signed_at IS NOT NULL) AS signed
         FROM cooperations c WHERE c.nonprofit_id = $1 OR c.company_id = $1 ORDER BY c.id FOR UPDATE OF c`,
      [id],
    )) as Array<{ id: string; signed: boolean }>;
    const kept = coops.filter((c) => c.signed).map((c) => c.id);
    const gone = coops.filter((c) => !c.signed).map((c) => c.id);
    if (gone.length) {
      await manager.query(`DELETE FROM agreements WHERE cooperation_id = ANY($1::uuid[])`, [gone]);
      await manager.query(`DELETE FROM notifications WHERE cooperation_id = ANY($1::uuid[])`, [gone]);
      await manager.query(`DELETE FROM domain_events WHERE data->>'cooperationId' = ANY($1::text[])`, [gone]);
      // history, messages, implementation, evaluations and follow-ups go with them (ON DELETE CASCADE)
      await manager.query(`DELETE FROM cooperations WHERE id = ANY($1::uuid[])`, [gone]);
    }
    let cancelled = 0;
    for (const coopId of kept) {
      await manager.query(`DELETE FROM agreements WHERE cooperation_id = $1 AND signed_at IS NULL`, [coopId]);
      const coop = await this.workflow.lock(manager, coopId);
      if (!OPEN_STATUSES.includes(coop.status)) continue;
      await this.workflow.transition(manager, coop, 'cancel', { userId: null, organisationId: id }, {
        note: CANCEL_REASON,
        patch: { cancelReason: CANCEL_REASON, cancelledByOrganisationId: id } as Partial<Cooperation>,
      });
      cancelled++;
      const side = coop.nonprofitId === id ? 'company' : 'nonprofit';
      const names = { ...(await namesOf(manager, coop)), [side === 'company' ? 'nonprofit' : 'company']: DELETED_ORGANISATION_NAME };
      await this.notifications.notify(manager, {
        kind: 'cooperation_cancelled',
        organisationIds: [side === 'company' ? coop.companyId : coop.nonprofitId],
        cooperationId: coop.id,
        params: paramsFor(names, side, coop.id, { reason: CANCEL_REASON }),
        dedupeKey: `cooperation-cancelled.${coop.id}.erasure`,
      });
    }
    const anonymised = kept.length
      ? await this.anonymiseContacts(
          manager,
          `a.cooperation_id = ANY($1::uuid[])`,
          [kept],
          (side, c, coop) => ((side === 'nonprofit' ? coop.nonprofitId : coop.companyId) === id ? { name: DELETED_ORGANISATION_NAME, email: null, phone: null } : c),
        )
      : 0;

    // listings: the ones a kept cooperation refers to stay, withdrawn and emptied; the rest go
    const keptNeeds = `SELECT need_id FROM cooperations WHERE id = ANY($2::uuid[]) AND need_id IS NOT NULL`;
    const keptOffers = `SELECT offer_id FROM cooperations WHERE id = ANY($2::uuid[]) AND offer_id IS NOT NULL`;
    for (const [table, keptSql, kind] of [
      ['needs', keptNeeds, 'need'],
      ['offers', keptOffers, 'offer'],
    ] as const) {
      await manager.query(`DELETE FROM matches WHERE ${kind}_id IN (SELECT id FROM ${table} WHERE organisation_id = $1)`, [id]);
      await manager.query(`DELETE FROM match_reactions WHERE ${kind}_id IN (SELECT id FROM ${table} WHERE organisation_id = $1)`, [id]);
      await manager.query(`DELETE FROM shortlist_entries WHERE ${kind}_id IN (SELECT id FROM ${table} WHERE organisation_id = $1)`, [id]);
      await manager.query(
        `UPDATE ${table} SET status = 'withdrawn', description = '', version = version + 1, updated_at = now()
          WHERE organisation_id = $1 AND id IN (${keptSql})`,
        [id, kept],
      );
    }
    const needs = count(await manager.query(`DELETE FROM needs WHERE organisation_id = $1 AND id NOT IN (${keptNeeds})`, [id, kept]));
    const offers = count(await manager.query(`DELETE FROM offers WHERE organisation_id = $1 AND id NOT IN (${keptOffers})`, [id, kept]));
    // what the public change feed said about its listings and their matches
    await manager.query(
      `DELETE FROM domain_events
        WHERE (type IN ('need.published', 'offer.published') AND data->>'organisationId' = $1::text)
           OR (type = 'match.created' AND (data->>'needOrganisationId' = $1::text OR data->>'offerOrganisationId' = $1::text))`,
      [id],
    );

    // everything else of its own
    await manager.query(`DELETE FROM shortlist_entries WHERE organisation_id = $1`, [id]);
    await manager.query(`DELETE FROM readiness_checks WHERE organisation_id = $1`, [id]);
    await manager.query(`DELETE FROM organisation_verifications WHERE organisation_id = $1`, [id]);
    await manager.query(`DELETE FROM marketplace_registrations WHERE organisation_id = $1`, [id]);
    await manager.query(`DELETE FROM meeting_requests WHERE nonprofit_id = $1 OR company_id = $1`, [id]);
    const webhooks = count(await manager.query(`DELETE FROM webhook_subscriptions WHERE organisation_id = $1`, [id]));
    const clients = (await manager.query(`SELECT id FROM api_clients WHERE owner_organisation_id = $1`, [id])) as Array<{ id: string }>;
    await manager.query(`DELETE FROM idempotency_keys WHERE principal = ANY($1::text[])`, [clients.map((c) => `client:${c.id}`)]);
    await manager.query(`DELETE FROM api_clients WHERE owner_organisation_id = $1`, [id]);
    // other owners' clients acting for it: it is struck from their list, or they are revoked when it was their only one
    await manager.query(
      `UPDATE api_clients SET organisation_ids = array_remove(organisation_ids, $1::uuid), version = version + 1, updated_at = now()
        WHERE $1 = ANY(organisation_ids) AND cardinality(organisation_ids) > 1`,
      [id],
    );
    const revoked = (await manager.query(
      `UPDATE api_clients SET revoked_at = COALESCE(revoked_at, now()), version = version + 1, updated_at = now() WHERE organisation_ids = ARRAY[$1::uuid] RETURNING id`,
      [id],
    )) as [Array<{ id: string }>, number];
    await manager.query(`UPDATE api_keys SET revoked_at = now() WHERE revoked_at IS NULL AND client_id = ANY($1::uuid[])`, [revoked[0].map((r) => r.id)]);
    await manager.query(`DELETE FROM notifications WHERE organisation_id = $1`, [id]);

    await this.eraseUsers(manager, members);

    // other parties' notifications about it (a cooperation, a meeting wish) name it: from now on as the deleted organisation
    const [{ name: oldName }] = (await manager.query(`SELECT name FROM organisations WHERE id = $1`, [id])) as Array<{ name: string }>;
    await manager.query(
      `UPDATE notifications
          SET subject = replace(subject, $1, $2), body = replace(body, $1, $2),
              params = CASE WHEN params->>'counterpart' = $1 THEN jsonb_set(params, '{counterpart}', to_jsonb($2::text)) ELSE params END
        WHERE params->>'counterpart' = $1 OR cooperation_id = ANY($3::uuid[])`,
      [oldName, DELETED_ORGANISATION_NAME, kept],
    );

    if (kept.length) {
      await manager.query(
        `UPDATE organisations SET name = $2, legal_form = NULL, description = '', street = NULL, postal_code = NULL, city = NULL, lat = NULL, lon = NULL,
                cause_areas = '{}', website = NULL, contact_name = NULL, contact_email = NULL, contact_phone = NULL, give_backs = '{}',
                engagement_cause_areas = '{}', engagement_district_ids = '{}', engagement_yearly_hours = NULL,
                verified_at = NULL, verified_by = NULL, verification_basis = NULL, verification_note = NULL,
                deleted_at = now(), version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, DELETED_ORGANISATION_NAME],
      );
    } else {
      await manager.query(`DELETE FROM organisations WHERE id = $1`, [id]);
    }
    return {
      organisationId: id,
      tombstone: kept.length > 0,
      members: members.length,
      needs,
      offers,
      cooperationsDeleted: gone.length,
      cooperationsKept: kept.length,
      cooperationsCancelled: cancelled,
      agreementsAnonymised: anonymised,
      apiClients: clients.length,
      webhooks,
    };
  }

  // ---- shared ---------------------------------------------------------------------------------

  /** The signed agreements' trigger admits the anonymisation of contact persons in this transaction only. */
  private async beginErasure(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT set_config('marktplatz.erasure', 'on', true)`);
  }

  /**
   * Replaces contact persons in the agreements found by `where` (alias a). A signed version keeps
   * its content hash (what was signed) and is marked anonymised; a draft gets the hash of its new
   * content, and a one-sided signature is cleared, as after an edit.
   */
  private async anonymiseContacts(
    manager: EntityManager,
    where: string,
    params: unknown[],
    replace: (side: 'nonprofit' | 'company', contact: ContactPerson, coop: Pick<Cooperation, 'nonprofitId' | 'companyId'>) => ContactPerson,
  ): Promise<number> {
    const rows = (await manager.query(
      `SELECT a.id, c.nonprofit_id AS "nonprofitId", c.company_id AS "companyId"
         FROM agreements a JOIN cooperations c ON c.id = a.cooperation_id WHERE ${where} ORDER BY a.id FOR UPDATE OF a`,
      params,
    )) as Array<{ id: string; nonprofitId: string; companyId: string }>;
    let changed = 0;
    for (const row of rows) {
      const a = await manager.findOneByOrFail(Agreement, { id: row.id });
      const nonprofitContact = replace('nonprofit', a.nonprofitContact, row);
      const companyContact = replace('company', a.companyContact, row);
      if (nonprofitContact === a.nonprofitContact && companyContact === a.companyContact) continue;
      changed++;
      if (a.signedAt) {
        await manager.update(Agreement, { id: a.id }, { nonprofitContact, companyContact, anonymisedAt: new Date() });
      } else {
        const hash = contentHash({ ...contentOf(a), nonprofitContact, companyContact });
        await manager.update(Agreement, { id: a.id }, {
          nonprofitContact,
          companyContact,
          contentHash: hash,
          nonprofitSignedAt: null,
          nonprofitSignedByUserId: null,
          companySignedAt: null,
          companySignedByUserId: null,
        });
      }
    }
    return changed;
  }

  /** No record names these users any more; then the accounts go (their notifications and broker roles with them). */
  private async eraseUsers(manager: EntityManager, userIds: string[]): Promise<void> {
    if (!userIds.length) return;
    // API clients act in the name of the person who made them: revoked with the account
    const clients = (await manager.query(`UPDATE api_clients SET revoked_at = COALESCE(revoked_at, now()), version = version + 1, updated_at = now() WHERE created_by_user_id = ANY($1::uuid[]) RETURNING id`, [
      userIds,
    ])) as [Array<{ id: string }>, number];
    await manager.query(`UPDATE api_keys SET revoked_at = now() WHERE revoked_at IS NULL AND client_id = ANY($1::uuid[])`, [clients[0].map((c) => c.id)]);
    for (const [table, columns] of Object.entries(USER_REFERENCES)) {
      for (const column of columns) {
        await manager.query(`UPDATE ${table} SET ${column} = NULL WHERE ${column} = ANY($1::uuid[])`, [userIds]);
      }
    }
    await manager.query(`DELETE FROM idempotency_keys WHERE principal = ANY($1::text[])`, [userIds.map((u) => `user:${u}`)]);
    await manager.query(`DELETE FROM users WHERE id = ANY($1::uuid[])`, [userIds]);
  }
}
