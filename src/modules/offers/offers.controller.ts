import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { setEtag } from '../../common/http/etag';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public } from '../auth/decorators';
import { ListingQueryDto } from '../listings/dto/listing-query.dto';
import { ParseActionPipe } from '../listings/parse-action.pipe';
import { CreateOfferDto, OfferDto, OfferPageDto, UpdateOfferDto } from './dto/offer.dto';
import { OFFER_ACTIONS, type OfferAction } from './offer.machine';
import { OffersService } from './offers.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag from a previous read; 412 when stale.' };

@ApiTags('offers')
@Controller({ path: 'offers', version: '1' })
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Browse and search offers (Angebote)', description: 'Published offers for everybody; with organisationId, members also see their drafts.' })
  @ApiOkResponse({ type: OfferPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'DISTRICT_NOT_FOUND')
  async list(@Query() query: ListingQueryDto, @CurrentActor() actor?: Actor): Promise<OfferPageDto> {
    const page = await this.offers.list(actor, query);
    return { items: page.items.map((i) => this.offers.toDto(i.row, i.distanceKm)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One offer (drafts only for the owner)' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems('VALIDATION_FAILED', 'OFFER_NOT_FOUND')
  async get(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) res: Response, @CurrentActor() actor?: Actor): Promise<OfferDto> {
    return this.respond(res, await this.offers.get(actor, id));
  }

  @Post()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish an offer as a draft first (company members)' })
  @ApiCreatedResponse({ type: OfferDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'WRONG_ORGANISATION_KIND', 'MONEY_NOT_ALLOWED')
  async create(@Body() dto: CreateOfferDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<OfferDto> {
    return this.respond(res, await this.offers.create(actor, dto));
  }

  @Patch(':id')
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Change a draft, published or paused offer (owner); a published change is re-matched' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'OFFER_NOT_FOUND', 'NOT_EDITABLE', 'PRECONDITION_FAILED', 'MONEY_NOT_ALLOWED')
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateOfferDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    return this.respond(res, await this.offers.update(actor, id, dto, ifMatch));
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiParam({ name: 'action', enum: OFFER_ACTIONS, description: 'publish, pause, resume, exhaust or withdraw' })
  @ApiOperation({ summary: 'Move an offer through its states (owner)', description: 'draft → published ⇄ paused → exhausted, or withdrawn. 409 lists the allowed actions.' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'OFFER_NOT_FOUND', 'INVALID_TRANSITION', 'PRECONDITION_FAILED')
  async act(
    @Param('id', ParseIdPipe) id: string,
    @Param('action', new ParseActionPipe(OFFER_ACTIONS)) action: OfferAction,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OfferDto> {
    return this.respond(res, await this.offers.act(actor, id, action, ifMatch));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a draft offer (owner); published offers are withdrawn instead' })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'OFFER_NOT_FOUND', 'NOT_EDITABLE')
  async remove(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.offers.remove(actor, id);
  }

  private respond(res: Response, row: Parameters<OffersService['toDto']>[0]): OfferDto {
    setEtag(res, row.version);
    return this.offers.toDto(row);
  }
}
