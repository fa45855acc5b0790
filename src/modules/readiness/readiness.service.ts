import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { OrganisationKind } from '../../common/domain/vocabulary';
import { AppError } from '../../common/errors/error-codes';
import { decodeCursor, encodeCursor, Page } from '../../common/http/pagination';
import { Actor, actsFor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import type { ReadinessCheckDto, ReadinessCheckSummaryDto, ReadinessOverviewDto, SubmitReadinessDto } from './dto/readiness.dto';
import { ReadinessCheck, ReadinessQuestionnaire } from './readiness.entity';
import { evaluate } from './scoring';

const SORT = '-createdAt';
const RECENT = 5;

const submitRoute = (organisationId: string) => `POST /v1/organisations/${organisationId}/readiness`;

/** The error other modules raise when step 3 is missing (e.g. before a proposal, step 5). */
export const readinessRequired = (organisationId: string) =>
  new AppError(
    'READINESS_CHECK_REQUIRED',
    'Schritt 3 fehlt: Die Organisation hat den Check zur Kooperationsbereitschaft und -fähigkeit noch nicht ausgefüllt. ' +
      `Ein Mitglied der Organisation liest den Fragebogen (GET /v1/readiness/questionnaires/{kind}) und sendet die Antworten (${submitRoute(organisationId)}); danach geht es weiter. / ` +
      'Step 3 is missing: the organisation has not completed the readiness check (readiness and capability to cooperate). ' +
      `A member of the organisation reads the questionnaire (GET /v1/readiness/questionnaires/{kind}) and submits the answers (${submitRoute(organisationId)}); then this step can be taken.`,
    { step: 3, organisationId, next: submitRoute(organisationId) },
  );

/**
 * UPJ step 3 (Kooperationsbereitschaft und -fähigkeit): questionnaires, submitted checks, and the
 * contract other modules use: `isDone` / `assertDone` (proposals need step 3 done).
 */
@Injectable()
export class ReadinessService {
  constructor(
    @InjectRepository(ReadinessQuestionnaire) private readonly questionnaires: Repository<ReadinessQuestionnaire>,
    @InjectRepository(ReadinessCheck) private readonly checks: Repository<ReadinessCheck>,
    private readonly organisations: OrganisationsService,
    private readonly districts: DistrictsService,
  ) {}

  // ---- contract for other modules -------------------------------------------------------------

  /** Step 3 is done when the organisation has submitted at least one readiness check (any version). */
  async isDone(organisationId: string, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.checks.manager).exists(ReadinessCheck, { where: { organisationId } });
  }

  /** Throws READINESS_CHECK_REQUIRED (409) when step 3 is not done. */
  async assertDone(organisationId: string, manager?: EntityManager): Promise<void> {
    if (!(await this.isDone(organisationId, manager))) throw readinessRequired(organisationId);
  }

  /** The check that counts (the latest), or null. */
  async latest(organisationId: string, manager?: EntityManager): Promise<ReadinessCheck | null> {
    return (manager ?? this.checks.manager).findOne(ReadinessCheck, {
      where: { organisationId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  // ---- questionnaires -------------------------------------------------------------------------

  async activeQuestionnaire(kind: OrganisationKind): Promise<ReadinessQuestionnaire> {
    const q = await this.questionnaires.findOneBy({ kind, active: true });
    if (!q) throw new AppError('QUESTIONNAIRE_NOT_FOUND', `No active readiness questionnaire for ${kind}.`);
    return q;
  }

  // ---- checks ---------------------------------------------------------------------------------

  /** Members of the organisation, organisers of its district (or an ancestor), admins. */
  private async assertMayRead(actor: Actor, org: Organisation): Promise<void> {
    if (actsFor(actor, org.id) || (await this.districts.organises(actor, org.districtId))) return;
    throw new AppError('FORBIDDEN', 'Only members of this organisation, organisers of its district and admins can read its readiness check.');
  }

  async submit(actor: Actor, organisationId: string, dto: SubmitReadinessDto): Promise<ReadinessCheck> {
    const org = await this.organisations.get(organisationId);
    if (actor.organisationId !== org.id) {
      throw new AppError('FORBIDDEN', 'Only members of this organisation can submit its readiness check (it records what the organisation itself can commit).');
    }
    const questionnaire = await this.activeQuestionnaire(org.kind);
    if (dto.version !== undefined && dto.version !== questionnaire.version) {
      throw new AppError('VALIDATION_FAILED', `The questionnaire ${dto.version} is not the active one; answer ${questionnaire.version}.`, {
        errors: [{ field: 'version', reason: 'notActive', message: `version must be the active questionnaire ${questionnaire.version} (GET /v1/readiness/questionnaires/${org.kind})` }],
      });
    }
    const evaluation = evaluate(questionnaire.definition, dto.answers);
    if (!evaluation.ok) {
      throw new AppError('VALIDATION_FAILED', `${evaluation.errors.length} answer(s) failed validation: ${evaluation.errors.map((e) => e.field).join(', ')}`, {
        errors: evaluation.errors,
      });
    }
    const check = this.checks.create({
      organisationId: org.id,
      questionnaireId: questionnaire.id,
      answers: evaluation.answers,
      result: evaluation.result,
      overallScore: evaluation.result.overall.score,
      completedBy: actor.userId,
    });
    return this.checks.save(check);
  }

  async overview(actor: Actor, organisationId: string): Promise<ReadinessOverviewDto> {
    const org = await this.organisations.get(organisationId);
    await this.assertMayRead(actor, org);
    const recent = await this.checks.find({
      where: { organisationId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: RECENT,
    });
    const latest = recent[0];
    if (!latest) {
      throw new AppError(
        'READINESS_CHECK_NOT_FOUND',
        'Schritt 3 ist noch offen: Für diese Organisation wurde noch kein Check zur Kooperationsbereitschaft ausgefüllt. / ' +
          'Step 3 is still open: no readiness check has been submitted for this organisation yet.',
        { step: 3, organisationId, done: false, questionnaire: `GET /v1/readiness/questionnaires/${org.kind}`, next: submitRoute(organisationId) },
      );
    }
    const stats = (await this.checks
      .createQueryBuilder('c')
      .select('count(*)::int', 'count')
      .addSelect('min(c.created_at)', 'firstAt')
      .where('c.organisation_id = :organisationId', { organisationId })
      .getRawOne()) as { count: number; firstAt: Date };
    return {
      organisationId,
      done: true,
      latest: this.toDto(latest),
      history: { count: stats.count, firstAt: stats.firstAt, recent: recent.map((c) => this.toSummary(c)) },
    };
  }

  async history(actor: Actor, organisationId: string, query: { limit?: number; cursor?: string }): Promise<Page<ReadinessCheck>> {
    const org = await this.organisations.get(organisationId);
    await this.assertMayRead(actor, org);
    const limit = query.limit ?? 20;
    const qb = this.checks
      .createQueryBuilder('c')
      .where('c.organisation_id = :organisationId', { organisationId });
    const cursor = decodeCursor(query.cursor, SORT);
    if (cursor) qb.andWhere('(c.created_at, c.id) < (:cv, :cid)', { cv: cursor.v, cid: cursor.id });
    const rows = await qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor({ s: SORT, v: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  toDto(c: ReadinessCheck): ReadinessCheckDto {
    return {
      id: c.id,
      organisationId: c.organisationId,
      questionnaireId: c.questionnaireId,
      questionnaireVersion: c.result.questionnaireVersion,
      answers: c.answers,
      result: c.result,
      completedBy: c.completedBy,
      createdAt: c.createdAt,
    };
  }

  toSummary(c: ReadinessCheck): ReadinessCheckSummaryDto {
    return {
      id: c.id,
      questionnaireVersion: c.result.questionnaireVersion,
      overall: c.result.overall,
      dimensions: c.result.dimensions.map((d) => ({ id: d.id, score: d.score, level: d.level })),
      completedBy: c.completedBy,
      createdAt: c.createdAt,
    };
  }
}
