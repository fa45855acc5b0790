import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { MeetingWishDto, MeetingWishInputDto, MeetingWishListDto } from './dto/meeting-wish.dto';
import { MeetingWishesService } from './meeting-wishes.service';
import { ApiScope } from '../auth/scopes';

@ApiTags('marketplaces')
@ApiBearerAuth()
@ApiScope('marketplaces')
@Controller({ path: 'marketplaces', version: '1' })
export class MeetingWishesController {
  constructor(private readonly wishes: MeetingWishesService) {}

  @Put(':id/meeting-wishes/:partnerId')
  @ApiOperation({
    summary: 'Your wish for a 1:1 meeting with a registered participant of the other kind (must, would, accepted, declined)',
    description: 'Idempotent. A pair both sides said yes to is considered by the meeting schedule, mutual must-meets first, then by match score. While the marketplace is open, closed or scheduled.',
  })
  @ApiOkResponse({ type: MeetingWishDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'INVALID_TRANSITION')
  set(
    @Param('id', ParseIdPipe) id: string,
    @Param('partnerId', ParseIdPipe) partnerId: string,
    @Body() dto: MeetingWishInputDto,
    @CurrentActor() actor: Actor,
  ): Promise<MeetingWishDto> {
    return this.wishes.set(actor, id, partnerId, dto.wish);
  }

  @Get(':id/meeting-wishes')
  @ApiOperation({ summary: "Meeting wishes: yours with whose turn it is (participants), or all of them (the marketplace's organisers)" })
  @ApiOkResponse({ type: MeetingWishListDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND')
  async list(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<MeetingWishListDto> {
    return { items: await this.wishes.list(actor, id) };
  }
}
