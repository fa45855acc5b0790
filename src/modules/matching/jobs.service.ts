import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/error-codes';
import { addDeduplicated } from '../../queue/enqueue';
import { withRedis } from '../../queue/redis-guard';
import { JOB_QUEUE, JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { Actor } from '../auth/actor';
import { DistrictsService } from '../districts/districts.service';
import type { JobAcceptedDto, JobDto } from './dto/weights.dto';

/** On-demand matching jobs and their status, with the access rules for both. */
@Injectable()
export class JobsService {
  /** The queues whose jobs GET /v1/jobs/{id} reports on. */
  private readonly queues: Partial<Record<QueueName, Queue>>;

  constructor(
    @InjectQueue(QueueName.Matching) matching: Queue,
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
    @InjectQueue(QueueName.Marketplaces) marketplaces: Queue,
    private readonly districts: DistrictsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.queues = { [QueueName.Matching]: matching, [QueueName.Maintenance]: maintenance, [QueueName.Marketplaces]: marketplaces };
  }

  private async organises(actor: Actor, districtId: string): Promise<boolean> {
    return actor.isAdmin || (await this.districts.organises(actor, districtId));
  }

  /**
   * Rematch a district: one rematch-district job for a Quartier without sub-districts, else a
   * rematch-all over its subtree. While an equal job waits or runs, its id is returned instead.
   */
  async rematchDistrict(actor: Actor, districtId: string): Promise<JobAcceptedDto> {
    const district = await this.districts.cached(districtId);
    if (!(await this.organises(actor, districtId))) throw new AppError('FORBIDDEN', "Only the district's organisers (and admins) may rematch it.");
    const subtree = await this.districts.subtreeIds(districtId);
    const runId = randomUUID();
    if (subtree.length === 1) {
      const data: JobPayloads[JobName.RematchDistrict] = { districtId: district.id, runId, requestedBy: actor.userId };
      return this.addDeduplicated(JobName.RematchDistrict, data, `rematch-district.${district.id}`);
    }
    const data: JobPayloads[JobName.RematchAll] = { runId, scopeDistrictId: district.id, requestedBy: actor.userId, reason: 'organiser' };
    return this.addDeduplicated(JobName.RematchAll, data, `rematch-all.${district.id}`);
  }

  /** Rematch every Quartier (admins). */
  async rematchAll(actor: Actor): Promise<JobAcceptedDto> {
    const data: JobPayloads[JobName.RematchAll] = { runId: randomUUID(), scopeDistrictId: null, requestedBy: actor.userId, reason: 'admin' };
    return this.addDeduplicated(JobName.RematchAll, data, 'rematch-all.everything');
  }

  private async addDeduplicated<K extends JobName>(name: K, data: JobPayloads[K], dedupId: string): Promise<JobAcceptedDto> {
    const queue = this.queues[JOB_QUEUE[name]];
    if (!queue) throw new Error(`JobsService: no queue for ${name}`);
    return addDeduplicated(queue, name, data, dedupId);
  }


  /** A job's state, progress and result. Admins see all; organisers the jobs of their districts. While Redis is away: 503. */
  async get(actor: Actor, id: string): Promise<JobDto> {
    const name = Object.values(JobName).find((n) => id.startsWith(`${n}.`));
    const queue = name ? this.queues[JOB_QUEUE[name]] : undefined;
    return queue ? withRedis(queue, 'reading a job', () => this.read(actor, id, queue)) : this.read(actor, id, undefined);
  }

  private async read(actor: Actor, id: string, queue: Queue | undefined): Promise<JobDto> {
    // State first, then the job: a job that completes in between is read with its result.
    const state = queue ? await queue.getJobState(id) : 'unknown';
    const job = queue && state !== 'unknown' ? ((await queue.getJob(id)) as Job | undefined) : undefined;
    if (!job || !(await this.maySee(actor, job))) throw new AppError('JOB_NOT_FOUND', `Job ${id} does not exist or has expired.`);
    let progress = typeof job.progress === 'number' ? job.progress : 0;
    if (state === 'completed') progress = 100;
    else if (job.name === JobName.RematchAll) {
      // The need side (district jobs) is the first half, the offer side (offer jobs) the second.
      const counts = await job.getDependenciesCount();
      const done = (counts.processed ?? 0) + (counts.ignored ?? 0) + (counts.failed ?? 0);
      const total = done + (counts.unprocessed ?? 0);
      const data = job.data as { step?: string; districts?: number; offerBatches?: number };
      if (data.step === 'collect') {
        const batches = data.offerBatches ?? 0;
        progress = batches ? 50 + Math.floor((50 * Math.max(0, done - (data.districts ?? 0))) / batches) : 99;
      } else progress = total ? Math.floor((50 * done) / total) : 0;
      progress = Math.min(99, progress);
    }
    const data = job.data as Record<string, unknown>;
    return {
      id: job.id!,
      name: job.name,
      state,
      progress,
      attemptsMade: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      result: job.returnvalue ?? null,
      error: job.failedReason || null,
      data: Object.fromEntries(Object.entries(data).filter(([k]) => !['step', 'requestedBy'].includes(k))),
      createdAt: new Date(job.timestamp),
      finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    };
  }

  /** Admins see every job; others the jobs they requested and those of districts they organise. */
  private async maySee(actor: Actor, job: Job): Promise<boolean> {
    if (actor.isAdmin) return true;
    const data = job.data as { requestedBy?: string; districtId?: string; scopeDistrictId?: string; roundId?: string; marketplaceId?: string };
    if (data.requestedBy && data.requestedBy === actor.userId) return true;
    if (!actor.organiserDistrictIds.length) return false;
    // Jobs about a round (plan-round): the organisers of the round's district.
    const roundDistrict =
      typeof data.roundId === 'string'
        ? ((await this.dataSource.query(`SELECT district_id FROM rounds WHERE id = $1`, [data.roundId])) as { district_id: string }[])[0]?.district_id
        : undefined;
    // Jobs about a marketplace (schedule-event): the organisers of the event's district.
    const marketplaceDistrict =
      typeof data.marketplaceId === 'string'
        ? ((await this.dataSource.query(`SELECT district_id FROM marketplaces WHERE id = $1`, [data.marketplaceId])) as { district_id: string }[])[0]?.district_id
        : undefined;
    for (const districtId of [data.districtId, data.scopeDistrictId, roundDistrict, marketplaceDistrict]) {
      if (typeof districtId === 'string' && (await this.organises(actor, districtId).catch(() => false))) return true;
    }
    return false;
  }
}
