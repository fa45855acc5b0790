import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { JobName } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import type { Actor } from '../auth/actor';
import { EventsService } from '../events/events.service';
import { NotificationsService } from '../notifications/notifications.service';
import { Organisation } from '../organisations/organisation.entity';
import { agreementProblems, contentHash, endOfDayBerlin, isCalendarDate, type AgreementContent } from './agreement-content';
import { Agreement, type ContactPerson } from './agreement.entity';
import { CooperationAccess, cooperationNotFound } from './cooperation.access';
import { Cooperation } from './cooperation.entity';
import type { CooperationStatus } from './cooperation.machine';
import { assertStatus, namesOf, orgOfSide, otherSide, paramsFor, type CooperationNames } from './cooperation-notices';
import { CooperationWorkflow } from './cooperation.workflow';
import type { AgreementDto, AgreementInputDto, SignAgreementDto } from './dto/agreement.dto';
import type { CooperationSide } from './implementation.entity';

/** A first version needs an accepted proposal; a change (a new version) is possible while agreed or active. */
const AGREEMENT_STATUSES: readonly CooperationStatus[] = ['accepted', 'agreed', 'active'];

export const agreementNotFound = (coopId: string, version: number) =>
  new AppError('AGREEMENT_NOT_FOUND', `Cooperation ${coopId} has no agreement version ${version}.`);

const immutable = (a: Agreement) =>
  new AppError('AGREEMENT_IMMUTABLE', `Version ${a.version} is signed by both parties and cannot be changed, signed again or deleted; draft a new version instead.`, {
    version: a.version,
    signedAt: a.signedAt,
  });

/** The stored row's content, in the shape the hash is computed over. */
export function contentOf(a: Agreement): AgreementContent {
  return {
    nonprofitContact: a.nonprofitContact,
    companyContact: a.companyContact,
    contribution: { category: a.contributionCategory, quantity: a.contributionQuantity, unit: a.contributionUnit, description: a.contributionDescription },
    giveBack: { kind: a.giveBackKind, description: a.giveBackDescription },
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    place: a.place,
    estimatedHours: a.estimatedHours,
    estimatedValueEur: a.estimatedValueEur,
  };
}

const decimal = (v: number | null | undefined) => (v === null || v === undefined ? null : v.toFixed(2));
const contact = (c: ContactPerson): ContactPerson => ({ name: c.name.trim(), email: c.email?.trim() || null, phone: c.phone?.trim() || null });

/**
 * The Engagement-Vereinbarung (UPJ step 6, "planen"): versions drafted and edited by either
 * party, signed by each for its own side against the content hash it read; the second signature
 * freezes the version (a database trigger refuses any later change), supersedes the version
 * signed before, moves an accepted cooperation to agreed and schedules the evaluation.
 * Every write locks the cooperation row first, so drafts and signatures of one cooperation queue.
 */
@Injectable()
export class AgreementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CooperationAccess,
    private readonly workflow: CooperationWorkflow,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly events: EventsService,
  ) {}

  async list(actor: Actor, coopId: string): Promise<AgreementDto[]> {
    const coop = await this.readable(actor, coopId);
    const rows = await this.dataSource.getRepository(Agreement).find({ where: { cooperationId: coop.id }, order: { version: 'ASC' } });
    const names = await namesOf(this.dataSource.manager, coop);
    return rows.map((a) => this.toDto(a, coop, names));
  }

  async get(actor: Actor, coopId: string, version: number): Promise<AgreementDto> {
    const coop = await this.readable(actor, coopId);
    const a = await this.dataSource.getRepository(Agreement).findOneBy({ cooperationId: coop.id, version });
    if (!a) throw agreementNotFound(coop.id, version);
    return this.toDto(a, coop, await namesOf(this.dataSource.manager, coop));
  }

  /** The version in force (signed, not superseded), or null. */
  async current(manager: EntityManager, coopId: string): Promise<Agreement | null> {
    return manager.findOne(Agreement, { where: { cooperationId: coopId, signedAt: Not(IsNull()), supersededAt: IsNull() }, order: { version: 'DESC' } });
  }

  /** Either party drafts the next version (409 while another draft is open). */
  async create(actor: Actor, coopId: string, dto: AgreementInputDto): Promise<AgreementDto> {
    return this.dataSource.transaction(async (manager) => {
      const coop = await this.workflow.lock(manager, coopId);
      const side = await this.access.assertParty(actor, coop);
      return this.draftIn(manager, coop, dto, { userId: actor.userId, organisationId: orgOfSide(coop, side) }, [otherSide(side)]);
    });
  }

  /**
   * Writes the next version as a draft in the caller's transaction (the cooperation locked by the
   * caller) and asks `ask` to sign it. `by.organisationId` is null when an organiser recorded it
   * at a marketplace's notary desk.
   */
  async draftIn(
    manager: EntityManager,
    coop: Cooperation,
    dto: AgreementInputDto,
    by: { userId: string; organisationId: string | null },
    ask: CooperationSide[],
  ): Promise<AgreementDto> {
    assertStatus(coop, AGREEMENT_STATUSES, 'Drafting an Engagement-Vereinbarung');
    const open = await manager.findOne(Agreement, { where: { cooperationId: coop.id, signedAt: IsNull() } });
    if (open) {
      throw new AppError('AGREEMENT_DRAFT_EXISTS', `Version ${open.version} is still a draft: edit it (PUT) or delete it before drafting another.`, {
        version: open.version,
      });
    }
    const content = await this.contentFrom(manager, coop, dto);
    const [{ next }] = (await manager.query(`SELECT COALESCE(max(version), 0) + 1 AS next FROM agreements WHERE cooperation_id = $1`, [coop.id])) as Array<{
      next: number;
    }>;
    const row = manager.create(Agreement, {
      cooperationId: coop.id,
      version: Number(next),
      ...this.columnsOf(content),
      contentHash: contentHash(content),
      createdByUserId: by.userId,
      createdByOrganisationId: by.organisationId,
    });
    await manager.insert(Agreement, row);
    const saved = await manager.findOneByOrFail(Agreement, { id: row.id });
    const names = await namesOf(manager, coop);
    for (const side of ask) await this.askToSign(manager, coop, names, saved, side, 'drafted');
    return this.toDto(saved, coop, names);
  }

  /** Edit an unsigned draft (the whole content). A changed content clears a one-sided signature. */
  async update(actor: Actor, coopId: string, version: number, dto: AgreementInputDto): Promise<AgreementDto> {
    return this.dataSource.transaction(async (manager) => {
      const { coop, side, agreement } = await this.lockDraft(manager, actor, coopId, version, 'Editing an Engagement-Vereinbarung');
      const content = await this.contentFrom(manager, coop, dto);
      const hash = contentHash(content);
      const changed = hash !== agreement.contentHash;
      await manager.update(
        Agreement,
        { id: agreement.id },
        {
          ...this.columnsOf(content),
          contentHash: hash,
          // A signature confirms one text: when the text changes, it no longer holds.
          ...(changed ? { nonprofitSignedAt: null, nonprofitSignedByUserId: null, companySignedAt: null, companySignedByUserId: null } : {}),
        },
      );
      const saved = await manager.findOneByOrFail(Agreement, { id: agreement.id });
      const names = await namesOf(manager, coop);
      if (changed) await this.askToSign(manager, coop, names, saved, otherSide(side), 'edited');
      return this.toDto(saved, coop, names);
    });
  }

  /** Delete an unsigned draft (either party). */
  async remove(actor: Actor, coopId: string, version: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { agreement } = await this.lockDraft(manager, actor, coopId, version, 'Deleting a draft');
      await manager.delete(Agreement, { id: agreement.id });
    });
  }

  /** Sign for one's own side, confirming the content hash one read. */
  async sign(actor: Actor, coopId: string, version: number, dto: SignAgreementDto): Promise<AgreementDto> {
    return this.dataSource.transaction(async (manager) => {
      const { coop, side, agreement } = await this.lockDraft(manager, actor, coopId, version, 'Signing an Engagement-Vereinbarung');
      if (dto.contentHash !== agreement.contentHash) {
        throw new AppError('CONTENT_HASH_MISMATCH', 'The draft has changed since you read it: read it again (GET) and sign the current text.', {
          currentHash: agreement.contentHash,
          version: agreement.version,
        });
      }
      const names = await namesOf(manager, coop);
      const signedAtKey = side === 'nonprofit' ? 'nonprofitSignedAt' : 'companySignedAt';
      // Signing again for a side that already signed this text changes nothing.
      if (agreement[signedAtKey]) return this.toDto(agreement, coop, names);

      const now = new Date();
      const bySide = side === 'nonprofit' ? { nonprofitSignedAt: now, nonprofitSignedByUserId: actor.userId } : { companySignedAt: now, companySignedByUserId: actor.userId };
      const otherSigned = side === 'nonprofit' ? agreement.companySignedAt : agreement.nonprofitSignedAt;
      if (!otherSigned) {
        await manager.update(Agreement, { id: agreement.id }, bySide);
        const saved = await manager.findOneByOrFail(Agreement, { id: agreement.id });
        await this.askToSign(manager, coop, names, saved, otherSide(side), `signed-by-${side}`);
        return this.toDto(saved, coop, names);
      }

      // The second signature: the version is in force from now on.
      const previous = await this.current(manager, coop.id);
      await manager.update(Agreement, { id: agreement.id }, { ...bySide, signedAt: now });
      if (previous) await manager.update(Agreement, { id: previous.id }, { supersededAt: now });
      await this.events.emit(manager, {
        type: 'agreement.signed',
        organisationIds: [coop.nonprofitId, coop.companyId],
        public: false,
        districtId: coop.districtId,
        data: {
          agreementId: agreement.id,
          cooperationId: coop.id,
          version: agreement.version,
          nonprofitId: coop.nonprofitId,
          companyId: coop.companyId,
          startsOn: agreement.startsOn ?? null,
          endsOn: agreement.endsOn ?? null,
          signedAt: now.toISOString(),
        },
      });
      const dueAt = endOfDayBerlin(agreement.endsOn);
      const signer = { userId: actor.userId, organisationId: orgOfSide(coop, side) };
      if (coop.status === 'accepted') {
        await this.workflow.transition(manager, coop, 'agree', signer, {
          note: `Engagement-Vereinbarung Version ${agreement.version} von beiden unterschrieben / agreement version ${agreement.version} signed by both`,
          patch: { evaluationDueAt: dueAt },
        });
      } else {
        // A new version while agreed or active: the end date may have moved, and with it the evaluation.
        await manager.update(Cooperation, { id: coop.id }, { evaluationDueAt: dueAt, version: () => 'version + 1' } as never);
      }
      await this.outbox.enqueue(manager, JobName.RequestEvaluation, { cooperationId: coop.id, dueAt: dueAt.toISOString() });
      for (const s of ['nonprofit', 'company'] as const) {
        await this.notifications.notify(manager, {
          kind: 'agreement_signed',
          organisationIds: [orgOfSide(coop, s)],
          cooperationId: coop.id,
          params: paramsFor(names, s, coop.id, { version: agreement.version }),
          dedupeKey: `agreement-signed.${agreement.id}`,
        });
      }
      return this.toDto(await manager.findOneByOrFail(Agreement, { id: agreement.id }), coop, names);
    });
  }

  toDto(a: Agreement, coop: Pick<Cooperation, 'nonprofitId' | 'companyId'>, names: CooperationNames): AgreementDto {
    const num = (v: string | null) => (v === null ? null : Number(v));
    const party = (side: CooperationSide) => ({
      organisationId: orgOfSide(coop, side),
      name: names[side],
      contact: contact(side === 'nonprofit' ? a.nonprofitContact : a.companyContact) as { name: string; email: string | null; phone: string | null },
      signedAt: side === 'nonprofit' ? a.nonprofitSignedAt : a.companySignedAt,
      signedByUserId: side === 'nonprofit' ? a.nonprofitSignedByUserId : a.companySignedByUserId,
    });
    return {
      id: a.id,
      cooperationId: a.cooperationId,
      version: a.version,
      state: a.supersededAt ? 'superseded' : a.signedAt ? 'signed' : 'draft',
      nonprofit: party('nonprofit'),
      company: party('company'),
      contribution: { category: a.contributionCategory, quantity: Number(a.contributionQuantity), unit: a.contributionUnit, description: a.contributionDescription },
      giveBack: { kind: a.giveBackKind, description: a.giveBackDescription },
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      place: a.place,
      estimatedHours: num(a.estimatedHours),
      estimatedValueEur: num(a.estimatedValueEur),
      contentHash: a.contentHash,
      awaitingSignatureFrom: a.signedAt ? [] : (['nonprofit', 'company'] as const).filter((s) => !(s === 'nonprofit' ? a.nonprofitSignedAt : a.companySignedAt)),
      createdByOrganisationId: a.createdByOrganisationId,
      signedAt: a.signedAt,
      supersededAt: a.supersededAt,
      anonymisedAt: a.anonymisedAt,
      createdAt: a.createdAt,
    };
  }

  // ---------------------------------------------------------------- internals

  private async readable(actor: Actor, coopId: string): Promise<Cooperation> {
    const coop = await this.dataSource.getRepository(Cooperation).findOneBy({ id: coopId });
    if (!coop) throw cooperationNotFound(coopId);
    await this.access.assertRead(actor, coop);
    return coop;
  }

  /** Locks the cooperation, checks the actor is a party and the status allows it, and finds the version: a draft (signed: 409 AGREEMENT_IMMUTABLE). */
  private async lockDraft(manager: EntityManager, actor: Actor, coopId: string, version: number, what: string) {
    const coop = await this.workflow.lock(manager, coopId);
    const side = await this.access.assertParty(actor, coop);
    const agreement = await manager.findOne(Agreement, { where: { cooperationId: coop.id, version }, lock: { mode: 'pessimistic_write' } });
    if (!agreement) throw agreementNotFound(coop.id, version);
    if (agreement.signedAt) throw immutable(agreement);
    assertStatus(coop, AGREEMENT_STATUSES, what);
    return { coop, side, agreement };
  }

  /** The content from the request, contacts defaulting to the organisations' contact fields; the content rules checked. */
  private async contentFrom(manager: EntityManager, coop: Cooperation, dto: AgreementInputDto): Promise<AgreementContent> {
    const orgs = await manager.findBy(Organisation, { id: In([coop.nonprofitId, coop.companyId]) });
    const defaultContact = (id: string): ContactPerson => {
      const o = orgs.find((x) => x.id === id);
      return { name: o?.contactName?.trim() || o?.name || '', email: o?.contactEmail ?? null, phone: o?.contactPhone ?? null };
    };
    const content: AgreementContent = {
      nonprofitContact: contact(dto.nonprofitContact ?? defaultContact(coop.nonprofitId)),
      companyContact: contact(dto.companyContact ?? defaultContact(coop.companyId)),
      contribution: { ...dto.contribution },
      giveBack: { ...dto.giveBack },
      startsOn: dto.startsOn,
      endsOn: dto.endsOn,
      place: dto.place,
      estimatedHours: dto.estimatedHours ?? null,
      estimatedValueEur: dto.estimatedValueEur ?? null,
    };
    const badDates = (['startsOn', 'endsOn'] as const).filter((f) => !isCalendarDate(content[f]));
    if (badDates.length) {
      throw new AppError('VALIDATION_FAILED', `${badDates.join(', ')} must be a real calendar day.`, {
        errors: badDates.map((field) => ({ field, reason: 'isCalendarDate', message: `${field} must be a real calendar day (YYYY-MM-DD, years 1900-9999)` })),
      });
    }
    const problems = agreementProblems(content);
    const money = problems.filter((p) => p.reason === 'moneyNotAllowed');
    if (money.length) throw new AppError('MONEY_NOT_ALLOWED', money[0].message, { errors: money, rule: 'everything-but-money' });
    if (problems.length) throw new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), { errors: problems });
    return content;
  }

  private columnsOf(c: AgreementContent): Partial<Agreement> {
    return {
      nonprofitContact: c.nonprofitContact,
      companyContact: c.companyContact,
      contributionCategory: c.contribution.category,
      contributionQuantity: decimal(Number(c.contribution.quantity))!,
      contributionUnit: c.contribution.unit,
      contributionDescription: c.contribution.description.trim(),
      giveBackKind: c.giveBack.kind,
      giveBackDescription: c.giveBack.description.trim(),
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      place: c.place.trim(),
      estimatedHours: decimal(c.estimatedHours === null ? null : Number(c.estimatedHours)),
      estimatedValueEur: decimal(c.estimatedValueEur === null ? null : Number(c.estimatedValueEur)),
    };
  }

  /** agreement_to_sign to the side whose signature is missing, once per content and event. */
  private async askToSign(manager: EntityManager, coop: Cooperation, names: CooperationNames, a: Agreement, to: CooperationSide, event: string): Promise<void> {
    await this.notifications.notify(manager, {
      kind: 'agreement_to_sign',
      organisationIds: [orgOfSide(coop, to)],
      cooperationId: coop.id,
      params: paramsFor(names, to, coop.id, { version: a.version }),
      dedupeKey: `agreement-to-sign.${a.id}.${a.contentHash}.${event}`,
    });
  }
}
