import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, type FieldError } from '../../common/errors/error-codes';
import type { Actor } from '../auth/actor';
import { isCalendarDate } from './agreement-content';
import { AgreementsService } from './agreements.service';
import { CooperationAccess, cooperationNotFound } from './cooperation.access';
import { Cooperation } from './cooperation.entity';
import type { CooperationStatus } from './cooperation.machine';
import { assertStatus, orgOfSide } from './cooperation-notices';
import { CooperationWorkflow } from './cooperation.workflow';
import type {
  CooperationUpdateDto,
  CreateDeliveryDto,
  CreateMilestoneDto,
  CreateUpdateDto,
  DeliveryDto,
  DeliverySummaryDto,
  MilestoneDto,
} from './dto/implementation.dto';
import { CooperationDelivery, CooperationMilestone, CooperationUpdate } from './implementation.entity';
import { summariseDeliveries } from './implementation-summary';

/** Updates and milestones belong to the work itself. */
const WORKING: readonly CooperationStatus[] = ['agreed', 'active'];
/** Deliveries may still be recorded and confirmed after the end, until the evaluation closes. */
const DELIVERING: readonly CooperationStatus[] = ['agreed', 'active', 'completed'];

const num = (v: string | null) => (v === null ? null : Number(v));
const invalid = (errors: FieldError[]) => new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join('; '), { errors });

/**
 * Implementation (UPJ step 6, "umsetzen"): status updates, milestones, and what was actually
 * delivered, by both parties; organisers and admins read along. Writes lock the cooperation row,
 * so they see its current status.
 */
@Injectable()
export class ImplementationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CooperationAccess,
    private readonly workflow: CooperationWorkflow,
    private readonly agreements: AgreementsService,
  ) {}

  // ---------------------------------------------------------------- updates

  async addUpdate(actor: Actor, coopId: string, dto: CreateUpdateDto): Promise<CooperationUpdateDto> {
    return this.dataSource.transaction(async (manager) => {
      const { coop, side } = await this.partyWrite(manager, actor, coopId, WORKING, 'A status update');
      const row = manager.create(CooperationUpdate, { cooperationId: coop.id, authorUserId: actor.userId, authorOrganisationId: orgOfSide(coop, side), note: dto.note.trim() });
      await manager.insert(CooperationUpdate, row);
      return this.updateDto(await manager.findOneByOrFail(CooperationUpdate, { id: row.id }));
    });
  }

  async listUpdates(actor: Actor, coopId: string): Promise<CooperationUpdateDto[]> {
    const coop = await this.readable(actor, coopId);
    const rows = await this.dataSource.getRepository(CooperationUpdate).find({ where: { cooperationId: coop.id }, order: { createdAt: 'DESC', id: 'DESC' } });
    return rows.map((r) => this.updateDto(r));
  }

  // ---------------------------------------------------------------- milestones

  async addMilestone(actor: Actor, coopId: string, dto: CreateMilestoneDto): Promise<MilestoneDto> {
    if (dto.dueOn && !isCalendarDate(dto.dueOn)) throw invalid([{ field: 'dueOn', reason: 'isCalendarDate', message: 'dueOn must be a real calendar day (YYYY-MM-DD)' }]);
    return this.dataSource.transaction(async (manager) => {
      const { coop, side } = await this.partyWrite(manager, actor, coopId, WORKING, 'A milestone');
      const row = manager.create(CooperationMilestone, {
        cooperationId: coop.id,
        title: dto.title.trim(),
        dueOn: dto.dueOn ?? null,
        createdByUserId: actor.userId,
        createdByOrganisationId: orgOfSide(coop, side),
      });
      await manager.insert(CooperationMilestone, row);
      return this.milestoneDto(await manager.findOneByOrFail(CooperationMilestone, { id: row.id }));
    });
  }

  async listMilestones(actor: Actor, coopId: string): Promise<MilestoneDto[]> {
    const coop = await this.readable(actor, coopId);
    const rows = await this.dataSource
      .getRepository(CooperationMilestone)
      .createQueryBuilder('m')
      .where('m.cooperation_id = :id', { id: coop.id })
      .orderBy('m.due_on', 'ASC', 'NULLS LAST')
      .addOrderBy('m.created_at', 'ASC')
      .getMany();
    return rows.map((r) => this.milestoneDto(r));
  }

  /** Either party marks a milestone done; again is a no-op (the first time stays). */
  async milestoneDone(actor: Actor, coopId: string, milestoneId: string): Promise<MilestoneDto> {
    return this.dataSource.transaction(async (manager) => {
      const { coop } = await this.partyWrite(manager, actor, coopId, WORKING, 'Marking a milestone done');
      const m = await manager.findOneBy(CooperationMilestone, { id: milestoneId, cooperationId: coop.id });
      if (!m) throw new AppError('MILESTONE_NOT_FOUND', `Cooperation ${coop.id} has no milestone ${milestoneId}.`);
      if (!m.doneAt) await manager.update(CooperationMilestone, { id: m.id }, { doneAt: new Date(), doneByUserId: actor.userId });
      return this.milestoneDto(await manager.findOneByOrFail(CooperationMilestone, { id: m.id }));
    });
  }

  // ---------------------------------------------------------------- deliveries

  /** The actor's side records what it delivered: the company its Leistung, the nonprofit its Gegenleistung. */
  async addDelivery(actor: Actor, coopId: string, dto: CreateDeliveryDto): Promise<DeliveryDto> {
    const errors: FieldError[] = [];
    const hasQuantity = dto.quantity !== undefined && dto.quantity !== null;
    const hasUnit = dto.unit !== undefined && dto.unit !== null;
    if (hasQuantity && !hasUnit) errors.push({ field: 'unit', reason: 'unitRequired', message: 'unit is required with a quantity (hours, persons, items, trips, m2)' });
    if (hasUnit && !hasQuantity) errors.push({ field: 'quantity', reason: 'quantityRequired', message: 'quantity is required with a unit' });
    if (!isCalendarDate(dto.deliveredOn)) errors.push({ field: 'deliveredOn', reason: 'isCalendarDate', message: 'deliveredOn must be a real calendar day (YYYY-MM-DD)' });
    if (errors.length) throw invalid(errors);
    return this.dataSource.transaction(async (manager) => {
      const { coop, side } = await this.partyWrite(manager, actor, coopId, DELIVERING, 'Recording a delivery');
      const row = manager.create(CooperationDelivery, {
        cooperationId: coop.id,
        side,
        description: dto.description.trim(),
        hours: dto.hours === undefined || dto.hours === null ? null : dto.hours.toFixed(2),
        quantity: hasQuantity ? dto.quantity!.toFixed(2) : null,
        unit: hasUnit ? dto.unit! : null,
        deliveredOn: dto.deliveredOn,
        recordedByUserId: actor.userId,
      });
      await manager.insert(CooperationDelivery, row);
      return this.deliveryDto(await manager.findOneByOrFail(CooperationDelivery, { id: row.id }));
    });
  }

  async listDeliveries(actor: Actor, coopId: string): Promise<DeliveryDto[]> {
    const coop = await this.readable(actor, coopId);
    const rows = await this.dataSource.getRepository(CooperationDelivery).find({ where: { cooperationId: coop.id }, order: { deliveredOn: 'ASC', createdAt: 'ASC' } });
    return rows.map((r) => this.deliveryDto(r));
  }

  /** The receiving side confirms a delivery (403 for the side that recorded it); again is a no-op. */
  async confirmDelivery(actor: Actor, coopId: string, deliveryId: string): Promise<DeliveryDto> {
    return this.dataSource.transaction(async (manager) => {
      const { coop, side } = await this.partyWrite(manager, actor, coopId, DELIVERING, 'Confirming a delivery');
      const d = await manager.findOneBy(CooperationDelivery, { id: deliveryId, cooperationId: coop.id });
      if (!d) throw new AppError('DELIVERY_NOT_FOUND', `Cooperation ${coop.id} has no delivery ${deliveryId}.`);
      if (d.side === side) {
        throw new AppError('FORBIDDEN', 'A delivery is confirmed by the side that received it, not by the side that recorded it.', { deliverySide: d.side });
      }
      if (!d.confirmedAt) await manager.update(CooperationDelivery, { id: d.id }, { confirmedAt: new Date(), confirmedByUserId: actor.userId });
      return this.deliveryDto(await manager.findOneByOrFail(CooperationDelivery, { id: d.id }));
    });
  }

  /** Agreed (the version in force) against delivered; Gegenleistung delivered yes/no. */
  async summary(actor: Actor, coopId: string): Promise<DeliverySummaryDto> {
    const coop = await this.readable(actor, coopId);
    const manager = this.dataSource.manager;
    const agreement = await this.agreements.current(manager, coop.id);
    const deliveries = await manager.findBy(CooperationDelivery, { cooperationId: coop.id });
    return summariseDeliveries(agreement, deliveries);
  }

  // ---------------------------------------------------------------- internals

  private async readable(actor: Actor, coopId: string): Promise<Cooperation> {
    const coop = await this.dataSource.getRepository(Cooperation).findOneBy({ id: coopId });
    if (!coop) throw cooperationNotFound(coopId);
    await this.access.assertRead(actor, coop);
    return coop;
  }

  private async partyWrite(manager: EntityManager, actor: Actor, coopId: string, statuses: readonly CooperationStatus[], what: string) {
    const coop = await this.workflow.lock(manager, coopId);
    const side = await this.access.assertParty(actor, coop);
    assertStatus(coop, statuses, what);
    return { coop, side };
  }

  private updateDto(r: CooperationUpdate): CooperationUpdateDto {
    return { id: r.id, authorOrganisationId: r.authorOrganisationId, authorUserId: r.authorUserId, note: r.note, createdAt: r.createdAt };
  }

  private milestoneDto(m: CooperationMilestone): MilestoneDto {
    return { id: m.id, title: m.title, dueOn: m.dueOn, doneAt: m.doneAt, doneByUserId: m.doneByUserId, createdByOrganisationId: m.createdByOrganisationId, createdAt: m.createdAt };
  }

  private deliveryDto(d: CooperationDelivery): DeliveryDto {
    return {
      id: d.id,
      side: d.side,
      description: d.description,
      hours: num(d.hours),
      quantity: num(d.quantity),
      unit: d.unit,
      deliveredOn: d.deliveredOn,
      recordedByUserId: d.recordedByUserId,
      confirmedAt: d.confirmedAt,
      confirmedByUserId: d.confirmedByUserId,
      createdAt: d.createdAt,
    };
  }
}
