import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ListingController } from '../listings/listing.controller';
import { CreateNeedDto, NEED_AS_CREATED, NeedDto, NeedPageDto, UpdateNeedDto } from './dto/need.dto';
import type { Need } from './need.entity';
import { NEED_ACTIONS, type NeedAction } from './need.machine';
import { NeedsService } from './needs.service';
import { ApiScope } from '../auth/scopes';

@ApiTags('needs')
@ApiScope('needs')
@Controller({ path: 'needs', version: '1' })
export class NeedsController extends ListingController<Need, NeedAction, NeedDto>({
  noun: 'need',
  germanPlural: 'Bedarfe',
  ownerKind: 'nonprofit',
  notFound: 'NEED_NOT_FOUND',
  actions: NEED_ACTIONS,
  lifecycle: 'draft → published → matched → fulfilled, or withdrawn.',
  editableStatuses: 'draft or published',
  createdExample: NEED_AS_CREATED,
  createDto: CreateNeedDto,
  updateDto: UpdateNeedDto,
  itemDto: NeedDto,
  pageDto: NeedPageDto,
}) {
  constructor(protected readonly service: NeedsService) {
    super();
  }
}
