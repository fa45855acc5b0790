import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { APP_CONFIG, type AppConfig } from '../../config/env';
import { JobName, type JobPayloads } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import type { Actor } from '../auth/actor';
import { NotificationsService } from '../notifications/notifications.service';
import { CooperationAccess, cooperationNotFound } from './cooperation.access';
import { Cooperation } from './cooperation.entity';
import { assertStatus, namesOf, orgOfSide, paramsFor } from './cooperation-notices';
import { CooperationWorkflow } from './cooperation.workflow';
import type { CreateEvaluationDto, EvaluationDto, EvaluationListDto } from './dto/evaluation.dto';
import { CooperationEvaluation, COOPERATION_SIDES, type CooperationSide } from './implementation.entity';
import { seesOtherEvaluation } from './implementation-summary';

const DAY_MS = 24 * 3600 * 1000;
const sameInstant = (a: Date | null, iso: string) => !!a && a.getTime() === Date.parse(iso);

/**
 * Evaluation (UPJ step 6, "evaluieren"). Timing: `evaluation_due_at` is set when both sign a
 * version (the end of its last day, Europe/Berlin) or when a party completes early (now), and a
 * RequestEvaluation job is due then. request() completes an active cooperation and opens the
 * window (EVALUATION_WINDOW_DAYS), close() ends it. A job acts only when it is the current one
 * (its due time equals the one stored on the cooperation) and the status fits, so stale, repeated
 * or superseded jobs change nothing; the BullMQ delay does the waiting (promoting a job, e.g. in
 * Bull Board, runs its step at once on purpose).
 */
@Injectable()
export class EvaluationsService {
  private readonly logger = new Logger(EvaluationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: CooperationAccess,
    private readonly workflow: CooperationWorkflow,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
  ) {}

  /** RequestEvaluation: complete an active (or signed, never started) cooperation whose end passed; ask both sides to evaluate. */
  async request(data: JobPayloads[JobName.RequestEvaluation]): Promise<{ done: string[] } | { skipped: string }> {
    return this.dataSource.transaction(async (manager) => {
      const coop = await manager.findOne(Cooperation, { where: { id: data.cooperationId }, lock: { mode: 'pessimistic_write' } });
      if (!coop) return { skipped: 'cooperation gone' };
      if (!sameInstant(coop.evaluationDueAt, data.dueAt)) return { skipped: `stale: evaluation now due at ${coop.evaluationDueAt?.toISOString() ?? 'no time'}` };
      const done: string[] = [];
      const names = await namesOf(manager, coop);
      if (coop.status === 'agreed') {
        // Signed, but nobody recorded the start: the period the parties agreed on is over all the same.
        await this.workflow.transition(manager, coop, 'start', null, { note: 'Enddatum erreicht, Beginn nicht gemeldet / end date reached, the start was never recorded' });
        done.push('started');
      }
      if (coop.status === 'active') {
        await this.workflow.transition(manager, coop, 'complete', null, { note: 'Enddatum erreicht / end date reached' });
        await this.notifyBoth(manager, coop, 'cooperation_completed', `cooperation-completed.${coop.id}`, names);
        done.push('completed');
      }
      if (coop.status === 'completed' && !coop.evaluationClosesAt) {
        const closesAt = new Date(Date.now() + this.config.EVALUATION_WINDOW_DAYS * DAY_MS);
        await manager.update(Cooperation, { id: coop.id }, { evaluationClosesAt: closesAt, version: () => 'version + 1' } as never);
        coop.evaluationClosesAt = closesAt;
        await this.outbox.enqueue(manager, JobName.CloseEvaluation, { cooperationId: coop.id, closesAt: closesAt.toISOString() });
        await this.notifyBoth(manager, coop, 'evaluation_due', `evaluation-due.${coop.id}.${closesAt.getTime()}`, names, { dueAt: closesAt.toISOString() });
        done.push('evaluation requested');
      }
      if (!done.length) return { skipped: `nothing to do while ${coop.status}${coop.evaluationClosesAt ? ' (already requested)' : ''}` };
      this.logger.log(`cooperation ${coop.id}: ${done.join(', ')}`);
      return { done };
    });
  }

  /** CloseEvaluation: the window closed: the cooperation is evaluated with what was answered. */
  async close(data: JobPayloads[JobName.CloseEvaluation]): Promise<{ done: string[] } | { skipped: string }> {
    return this.dataSource.transaction(async (manager) => {
      const coop = await manager.findOne(Cooperation, { where: { id: data.cooperationId }, lock: { mode: 'pessimistic_write' } });
      if (!coop) return { skipped: 'cooperation gone' };
      if (!sameInstant(coop.evaluationClosesAt, data.closesAt)) return { skipped: 'stale: the window closes at another time' };
      if (coop.status !== 'completed') return { skipped: `nothing to do while ${coop.status}` };
      const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM cooperation_evaluations WHERE cooperation_id = $1`, [coop.id])) as Array<{ n: number }>;
      await this.workflow.transition(manager, coop, 'evaluate', null, {
        note: `Bewertungsfrist abgelaufen, ${n} von 2 Bewertungen / evaluation window closed, ${n} of 2 evaluations`,
      });
      return { done: ['evaluated'] };
    });
  }

  /** Each party evaluates once, while the cooperation is completed; the second answer makes it evaluated at once. */
  async submit(actor: Actor, coopId: string, dto: CreateEvaluationDto): Promise<EvaluationDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const coop = await this.workflow.lock(manager, coopId);
        const side = await this.access.assertParty(actor, coop);
        const organisationId = orgOfSide(coop, side);
        const existing = await manager.findOneBy(CooperationEvaluation, { cooperationId: coop.id, organisationId });
        if (existing) throw this.exists(side);
        assertStatus(coop, ['completed'], 'Evaluating');
        const row = manager.create(CooperationEvaluation, {
          cooperationId: coop.id,
          organisationId,
          side,
          rating: dto.rating,
          whatWorked: dto.whatWorked.trim(),
          whatToImprove: dto.whatToImprove?.trim() ?? '',
          peopleReached: dto.peopleReached ?? null,
          outcomes: dto.outcomes?.trim() ?? '',
          wouldCooperateAgain: dto.wouldCooperateAgain,
          submittedByUserId: actor.userId,
        });
        await manager.insert(CooperationEvaluation, row);
        const count = await manager.countBy(CooperationEvaluation, { cooperationId: coop.id });
        if (count >= 2) {
          await this.workflow.transition(manager, coop, 'evaluate', { userId: actor.userId, organisationId }, { note: 'Beide Seiten haben bewertet / both sides evaluated' });
        }
        return this.toDto(await manager.findOneByOrFail(CooperationEvaluation, { id: row.id }));
      });
    } catch (err) {
      // Two members of one organisation answering at the same moment: the unique index decides.
      if (err instanceof QueryFailedError && (err.driverError as { constraint?: string })?.constraint === 'cooperation_evaluations_party_key') {
        throw this.exists(null);
      }
      throw err;
    }
  }

  /**
   * The evaluations a reader may see: organisers and admins all of them; a party its own, and the
   * other side's only after answering itself or once the window closed.
   */
  async list(actor: Actor, coopId: string): Promise<EvaluationListDto> {
    const coop = await this.dataSource.getRepository(Cooperation).findOneBy({ id: coopId });
    if (!coop) throw cooperationNotFound(coopId);
    await this.access.assertRead(actor, coop);
    const rows = await this.dataSource.getRepository(CooperationEvaluation).find({ where: { cooperationId: coop.id }, order: { createdAt: 'ASC' } });
    const viewer = this.access.sideOf(actor, coop);
    const closed = coop.status === 'evaluated' || (!!coop.evaluationClosesAt && coop.evaluationClosesAt.getTime() <= Date.now());
    const ownAnswered = !!viewer && rows.some((r) => r.side === viewer);
    const visible = rows.filter((r) => r.side === viewer || seesOtherEvaluation(viewer, ownAnswered, closed));
    const answered = COOPERATION_SIDES.filter((s) => rows.some((r) => r.side === s));
    return {
      status: coop.status,
      items: visible.map((r) => this.toDto(r)),
      answered,
      hidden: answered.filter((s) => !visible.some((r) => r.side === s)),
      evaluationDueAt: coop.evaluationDueAt,
      evaluationClosesAt: coop.evaluationClosesAt,
    };
  }

  toDto(r: CooperationEvaluation): EvaluationDto {
    return {
      id: r.id,
      organisationId: r.organisationId,
      side: r.side,
      rating: r.rating,
      whatWorked: r.whatWorked,
      whatToImprove: r.whatToImprove,
      peopleReached: r.peopleReached,
      outcomes: r.outcomes,
      wouldCooperateAgain: r.wouldCooperateAgain,
      submittedByUserId: r.submittedByUserId,
      createdAt: r.createdAt,
    };
  }

  private exists(side: CooperationSide | null) {
    return new AppError('EVALUATION_EXISTS', 'Your organisation has already evaluated this cooperation; each party evaluates once.', side ? { side } : {});
  }

  private async notifyBoth(
    manager: EntityManager,
    coop: Cooperation,
    kind: 'cooperation_completed' | 'evaluation_due',
    dedupeKey: string,
    names: Awaited<ReturnType<typeof namesOf>>,
    extra: Record<string, string> = {},
  ): Promise<void> {
    for (const side of COOPERATION_SIDES) {
      await this.notifications.notify(manager, { kind, organisationIds: [orgOfSide(coop, side)], cooperationId: coop.id, params: paramsFor(names, side, coop.id, extra), dedupeKey });
    }
  }
}
