import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { JobName, ListingChange } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import { DistrictsService } from '../districts/districts.service';
import { EventsService } from '../events/events.service';
import { ListingKind, ListingsService } from '../listings/listings.service';
import { Organisation } from '../organisations/organisation.entity';
import { CreateNeedDto, NeedDto } from './dto/need.dto';
import { Need, type NeedStatus } from './need.entity';
import { NEED_MACHINE, NEED_PUBLIC_STATUSES, type NeedAction } from './need.machine';

@Injectable()
export class NeedsService extends ListingsService<Need, NeedStatus, NeedAction, CreateNeedDto, NeedDto> {
  protected readonly entity = Need;
  protected readonly kind: ListingKind<NeedStatus, NeedAction> = {
    noun: 'need',
    notFound: 'NEED_NOT_FOUND',
    ownerKind: 'nonprofit',
    machine: NEED_MACHINE,
    publicStatuses: NEED_PUBLIC_STATUSES,
    editableStatuses: ['draft', 'published'],
  };

  constructor(
    @InjectDataSource() dataSource: DataSource,
    districts: DistrictsService,
    private readonly outbox: OutboxService,
    private readonly events: EventsService,
  ) {
    super(dataSource, districts);
  }

  protected async columns(dto: Partial<CreateNeedDto>, org: Organisation, current?: Need): Promise<Partial<Need>> {
    const out: Partial<Need> = {};
    if (dto.quantity !== undefined) out.quantity = dto.quantity;
    if (dto.giveBack !== undefined) out.giveBack = dto.giveBack;
    if (dto.districtId !== undefined) await this.districts.assertExist([dto.districtId], 'districtId');
    const districtId = dto.districtId ?? current?.districtId ?? org.districtId;
    if (!current || dto.districtId !== undefined) {
      out.districtId = districtId;
      Object.assign(out, await this.locate(org, districtId));
    }
    return out;
  }

  protected async whereDistrict(qb: SelectQueryBuilder<Need>, districtId: string): Promise<void> {
    qb.andWhere('l.district_id = ANY(:subtree)', { subtree: await this.districts.subtreeIds(districtId) });
  }

  protected announce(manager: EntityManager, row: Need, change: ListingChange): Promise<void> {
    return this.outbox.enqueue(manager, JobName.MatchNeed, { needId: row.id, version: row.version, change });
  }

  protected async emitPublished(manager: EntityManager, row: Need, republished: boolean): Promise<void> {
    await this.events.emit(manager, {
      type: 'need.published',
      organisationIds: [row.organisationId],
      public: true,
      districtId: row.districtId,
      data: {
        needId: row.id,
        organisationId: row.organisationId,
        title: row.title,
        category: row.category,
        districtId: row.districtId,
        status: 'published',
        publishedAt: (row.publishedAt ?? new Date()).toISOString(),
        republished,
        version: row.version,
      },
    });
  }

  protected extraFields(row: Need) {
    return { quantity: row.quantity, districtId: row.districtId, giveBack: row.giveBack };
  }
}
