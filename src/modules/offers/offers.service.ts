import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { JobName, ListingChange } from '../../queue/jobs';
import { OutboxService } from '../../queue/outbox.service';
import { DistrictsService } from '../districts/districts.service';
import { EventsService } from '../events/events.service';
import { fieldError, ListingKind, ListingsService } from '../listings/listings.service';
import { Organisation } from '../organisations/organisation.entity';
import { CreateOfferDto, OfferDto } from './dto/offer.dto';
import { Offer, type OfferStatus } from './offer.entity';
import { OFFER_MACHINE, OFFER_PUBLIC_STATUSES, type OfferAction } from './offer.machine';

@Injectable()
export class OffersService extends ListingsService<Offer, OfferStatus, OfferAction, CreateOfferDto, OfferDto> {
  protected readonly entity = Offer;
  protected readonly kind: ListingKind<OfferStatus, OfferAction> = {
    noun: 'offer',
    notFound: 'OFFER_NOT_FOUND',
    ownerKind: 'company',
    machine: OFFER_MACHINE,
    publicStatuses: OFFER_PUBLIC_STATUSES,
    editableStatuses: ['draft', 'published', 'paused'],
  };

  constructor(
    @InjectDataSource() dataSource: DataSource,
    districts: DistrictsService,
    private readonly outbox: OutboxService,
    private readonly events: EventsService,
  ) {
    super(dataSource, districts);
  }

  protected async columns(dto: Partial<CreateOfferDto>, org: Organisation, current?: Offer): Promise<Partial<Offer>> {
    const out: Partial<Offer> = {};
    if (dto.capacity !== undefined) out.capacity = dto.capacity;
    if (dto.radiusKm !== undefined) out.radiusKm = dto.radiusKm;
    if (dto.wantsInReturn !== undefined) out.wantsInReturn = dto.wantsInReturn;
    if (dto.districtIds !== undefined) {
      await this.districts.assertExist(dto.districtIds, 'districtIds');
      out.districtIds = dto.districtIds;
    }
    if (!current) {
      // Serves the home district unless the company chose districts or a radius.
      if (dto.districtIds === undefined && dto.radiusKm == null) out.districtIds = [org.districtId];
      out.homeDistrictId = org.districtId;
      Object.assign(out, await this.locate(org, org.districtId));
    }
    const districtIds = out.districtIds ?? current?.districtIds ?? [];
    const radiusKm = out.radiusKm !== undefined ? out.radiusKm : (current?.radiusKm ?? null);
    if (!districtIds.length && radiusKm == null) {
      throw fieldError([{ field: 'districtIds', reason: 'servesNowhere', message: 'an offer serves at least one district or a radius (radiusKm)' }]);
    }
    return out;
  }

  /**
   * An offer serves a district D when it names D, one of D's descendants or one of D's
   * ancestors (an offer for a borough serves its quarters), or when it serves a radius around
   * a company based in D's subtree.
   */
  protected async whereDistrict(qb: SelectQueryBuilder<Offer>, districtId: string): Promise<void> {
    const district = await this.districts.cached(districtId);
    const subtree = await this.districts.subtreeIds(districtId);
    qb.andWhere('(l.district_ids && :served::uuid[] OR (l.radius_km IS NOT NULL AND l.home_district_id = ANY(:subtree::uuid[])))', {
      served: [...new Set([...subtree, ...district.ancestorIds])],
      subtree,
    });
  }

  protected announce(manager: EntityManager, row: Offer, change: ListingChange): Promise<void> {
    return this.outbox.enqueue(manager, JobName.MatchOffer, { offerId: row.id, version: row.version, change });
  }

  protected async emitPublished(manager: EntityManager, row: Offer, republished: boolean): Promise<void> {
    await this.events.emit(manager, {
      type: 'offer.published',
      organisationIds: [row.organisationId],
      public: true,
      districtId: row.homeDistrictId,
      data: {
        offerId: row.id,
        organisationId: row.organisationId,
        title: row.title,
        category: row.category,
        districtIds: row.districtIds,
        radiusKm: row.radiusKm,
        homeDistrictId: row.homeDistrictId,
        status: 'published',
        publishedAt: (row.publishedAt ?? new Date()).toISOString(),
        republished,
        version: row.version,
      },
    });
  }

  protected extraFields(row: Offer) {
    return { capacity: row.capacity, districtIds: row.districtIds, radiusKm: row.radiusKm, wantsInReturn: row.wantsInReturn, homeDistrictId: row.homeDistrictId };
  }
}
