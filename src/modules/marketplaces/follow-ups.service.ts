import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { isPgError, PG_UNIQUE_VIOLATION } from '../../common/errors/pg';
import { APP_CONFIG, type AppConfig } from '../../config/env';
import { JobName, type JobPayloads } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import type { Actor } from '../auth/actor';
import { CooperationAccess, cooperationNotFound } from '../cooperations/cooperation.access';
import { Cooperation } from '../cooperations/cooperation.entity';
import { namesOf, orgOfSide, paramsFor } from '../cooperations/cooperation-notices';
import { CooperationWorkflow } from '../cooperations/cooperation.workflow';
import { COOPERATION_SIDES, type CooperationSide } from '../cooperations/implementation.entity';
import { NotificationsService } from '../notifications/notifications.service';
import type { CreateFollowUpDto, FollowUpDto, FollowUpListDto } from './dto/follow-up.dto';
import { CooperationFollowUp, MarketplaceFollowUp } from './follow-up.entity';
import { FOLLOW_UP_STAGES, followUpDueAt, isStageOpen, type FollowUpStage } from './follow-up.model';
import { Marketplace } from './marketplace.entity';

/** Cooperations whose agreement both sides signed and that are not cancelled: their parties are asked. */
export const FOLLOWED_UP_STATUSES = ['agreed', 'active', 'completed', 'evaluated'] as const;

const sameInstant = (a: Date, iso: string) => a.getTime() === Date.parse(iso);

/**
 * Follow-ups after a marketplace: when it finishes, one marketplace_follow_ups row and one delayed
 * marketplace-follow-up job per stage (FOLLOW_UP_FIRST_DAYS days and FOLLOW_UP_SECOND_MONTHS
 * months after its end, Berlin wall clock). The job asks both parties of every agreement recorded
 * there and signed by both (not cancelled) whether it was carried out, skipping a side that already
 * answered the stage; the parties answer once per stage (POST /v1/cooperations/{id}/follow-ups).
 * A job acts only when its due time is the stored one; the notifications are deduplicated per
 * cooperation and stage, so a repeated job changes nothing.
 */
@Injectable()
export class FollowUpsService {
  private readonly logger = new Logger(FollowUpsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly access: CooperationAccess,
    private readonly workflow: CooperationWorkflow,
  ) {}

  /** In the transaction that finishes the marketplace: the stages and their delayed jobs (once per marketplace). */
  async schedule(manager: EntityManager, m: Pick<Marketplace, 'id' | 'endsAt'>): Promise<Array<{ stage: FollowUpStage; dueAt: string }>> {
    const offsets = { firstDays: this.config.FOLLOW_UP_FIRST_DAYS, secondMonths: this.config.FOLLOW_UP_SECOND_MONTHS };
    const scheduled: Array<{ stage: FollowUpStage; dueAt: string }> = [];
    for (const stage of FOLLOW_UP_STAGES) {
      const dueAt = followUpDueAt(m.endsAt, stage, offsets);
      const inserted = (await manager.query(
        `INSERT INTO marketplace_follow_ups (marketplace_id, stage, due_at) VALUES ($1, $2, $3)
         ON CONFLICT (marketplace_id, stage) DO NOTHING RETURNING stage`,
        [m.id, stage, dueAt],
      )) as unknown[];
      if (!inserted.length) continue;
      const data: JobPayloads[JobName.MarketplaceFollowUp] = { marketplaceId: m.id, stage, dueAt: dueAt.toISOString() };
      await this.outbox.enqueue(manager, JobName.MarketplaceFollowUp, data);
      scheduled.push({ stage, dueAt: data.dueAt });
    }
    return scheduled;
  }

  /** The marketplace-follow-up job. */
  async remind(data: JobPayloads[JobName.MarketplaceFollowUp]): Promise<{ agreements: number; asked: number; alreadyAnswered: number; notifications: number } | { skipped: string }> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(MarketplaceFollowUp, { where: { marketplaceId: data.marketplaceId, stage: data.stage }, lock: { mode: 'pessimistic_write' } });
      if (!row) return { skipped: 'no follow-up scheduled (marketplace gone or not finished)' };
      if (!sameInstant(row.dueAt, data.dueAt)) return { skipped: `stale: this stage is due at ${row.dueAt.toISOString()}` };
      const m = await manager.findOneByOrFail(Marketplace, { id: data.marketplaceId });
      const coops = await manager
        .getRepository(Cooperation)
        .createQueryBuilder('c')
        .where('c.marketplace_id = :id', { id: m.id })
        .andWhere('c.status IN (:...statuses)', { statuses: FOLLOWED_UP_STATUSES })
        .orderBy('c.id')
        .getMany();
      const answered = (await manager.query(`SELECT f.cooperation_id, f.side FROM cooperation_follow_ups f JOIN cooperations c ON c.id = f.cooperation_id WHERE c.marketplace_id = $1 AND f.stage = $2`, [
        m.id,
        data.stage,
      ])) as Array<{ cooperation_id: string; side: CooperationSide }>;
      const done = new Set(answered.map((a) => `${a.cooperation_id}:${a.side}`));
      let asked = 0;
      let alreadyAnswered = 0;
      let notifications = 0;
      for (const coop of coops) {
        const names = await namesOf(manager, coop);
        for (const side of COOPERATION_SIDES) {
          if (done.has(`${coop.id}:${side}`)) {
            alreadyAnswered++;
            continue;
          }
          asked++;
          notifications += await this.notifications.notify(manager, {
            kind: 'follow_up_due',
            organisationIds: [orgOfSide(coop, side)],
            cooperationId: coop.id,
            params: paramsFor(names, side, coop.id, { event: m.name, url: `/v1/cooperations/${coop.id}/follow-ups` }),
            dedupeKey: `follow-up.${coop.id}.${data.stage}`,
          });
        }
      }
      if (!row.sentAt) await manager.update(MarketplaceFollowUp, { marketplaceId: m.id, stage: data.stage }, { sentAt: new Date() });
      this.logger.log(`marketplace ${m.id} follow-up ${data.stage}: ${coops.length} agreements, ${asked} parties asked, ${notifications} notifications`);
      return { agreements: coops.length, asked, alreadyAnswered, notifications };
    });
  }

  /** A party answers a stage once: only for agreements recorded at a marketplace, signed by both, once the stage is open. */
  async submit(actor: Actor, coopId: string, dto: CreateFollowUpDto, now = new Date()): Promise<FollowUpDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const coop = await this.workflow.lock(manager, coopId);
        const side = await this.access.assertParty(actor, coop);
        const marketplaceId = assertFromMarketplace(coop);
        if (!coop.agreedAt) {
          throw new AppError('FOLLOW_UP_NOT_POSSIBLE', 'The agreement is not signed by both sides yet: follow-ups are about signed agreements.', { reason: 'notSigned', currentStatus: coop.status });
        }
        const stageRow = await manager.findOneBy(MarketplaceFollowUp, { marketplaceId, stage: dto.stage });
        if (!isStageOpen(stageRow ?? undefined, now)) {
          throw new AppError('FOLLOW_UP_NOT_POSSIBLE', `The ${dto.stage} follow-up is not open yet.`, { reason: 'stageNotOpen', stage: dto.stage, opensAt: stageRow?.dueAt.toISOString() ?? null });
        }
        if (await manager.existsBy(CooperationFollowUp, { cooperationId: coop.id, side, stage: dto.stage })) throw exists(side, dto.stage);
        const row = manager.create(CooperationFollowUp, {
          cooperationId: coop.id,
          organisationId: orgOfSide(coop, side),
          side,
          stage: dto.stage,
          outcome: dto.outcome,
          note: dto.note?.trim() ?? '',
          submittedByUserId: actor.userId,
        });
        await manager.insert(CooperationFollowUp, row);
        return toDto(await manager.findOneByOrFail(CooperationFollowUp, { id: row.id }));
      });
    } catch (err) {
      // Two members of one organisation answering at the same moment: the unique index decides.
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'cooperation_follow_ups_party_key')) throw exists(null, dto.stage);
      throw err;
    }
  }

  /** The stages and answers: the two parties, the district's organisers and admins (others 404). */
  async list(actor: Actor, coopId: string, now = new Date()): Promise<FollowUpListDto> {
    const coop = await this.dataSource.getRepository(Cooperation).findOneBy({ id: coopId });
    if (!coop) throw cooperationNotFound(coopId);
    await this.access.assertRead(actor, coop);
    const marketplaceId = assertFromMarketplace(coop);
    const [stages, rows] = await Promise.all([
      this.dataSource.getRepository(MarketplaceFollowUp).find({ where: { marketplaceId } }),
      this.dataSource.getRepository(CooperationFollowUp).find({ where: { cooperationId: coop.id }, order: { createdAt: 'ASC', id: 'ASC' } }),
    ]);
    stages.sort((a, b) => FOLLOW_UP_STAGES.indexOf(a.stage) - FOLLOW_UP_STAGES.indexOf(b.stage));
    return {
      cooperationId: coop.id,
      marketplaceId,
      signed: coop.agreedAt !== null,
      stages: stages.map((s) => ({
        stage: s.stage,
        dueAt: s.dueAt,
        sentAt: s.sentAt,
        open: isStageOpen(s, now),
        answered: COOPERATION_SIDES.filter((side) => rows.some((r) => r.stage === s.stage && r.side === side)),
      })),
      items: rows.map(toDto),
    };
  }
}

function assertFromMarketplace(coop: Cooperation): string {
  if (coop.marketplaceId) return coop.marketplaceId;
  throw new AppError('FOLLOW_UP_NOT_POSSIBLE', 'Follow-ups are for agreements recorded at a marketplace (notary desk); this cooperation was not.', { reason: 'notFromMarketplace' });
}

const exists = (side: CooperationSide | null, stage: FollowUpStage) =>
  new AppError('FOLLOW_UP_EXISTS', `Your organisation has already answered the ${stage} follow-up; each side answers each stage once.`, side ? { side, stage } : { stage });

const toDto = (r: CooperationFollowUp): FollowUpDto => ({
  id: r.id,
  cooperationId: r.cooperationId,
  organisationId: r.organisationId,
  side: r.side,
  stage: r.stage,
  outcome: r.outcome,
  note: r.note,
  submittedByUserId: r.submittedByUserId,
  createdAt: r.createdAt,
});
