import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ListingController } from '../listings/listing.controller';
import { CreateOfferDto, OFFER_AS_CREATED, OfferDto, OfferPageDto, UpdateOfferDto } from './dto/offer.dto';
import type { Offer } from './offer.entity';
import { OFFER_ACTIONS, type OfferAction } from './offer.machine';
import { OffersService } from './offers.service';
import { ApiScope } from '../auth/scopes';

@ApiTags('offers')
@ApiScope('offers')
@Controller({ path: 'offers', version: '1' })
export class OffersController extends ListingController<Offer, OfferAction, OfferDto>({
  noun: 'offer',
  germanPlural: 'Angebote',
  ownerKind: 'company',
  notFound: 'OFFER_NOT_FOUND',
  actions: OFFER_ACTIONS,
  lifecycle: 'draft → published ⇄ paused → exhausted, or withdrawn.',
  editableStatuses: 'draft, published or paused',
  createdExample: OFFER_AS_CREATED,
  createDto: CreateOfferDto,
  updateDto: UpdateOfferDto,
  itemDto: OfferDto,
  pageDto: OfferPageDto,
}) {
  constructor(protected readonly service: OffersService) {
    super();
  }
}
