import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { setEtag } from '../../common/http/etag';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public } from '../auth/decorators';
import { CreateMarketplaceDto, MarketplaceQueryDto, UpdateMarketplaceDto } from './dto/marketplace-input.dto';
import { MarketplaceDto, MarketplacePageDto } from './dto/marketplace.dto';
import type { Marketplace } from './marketplace.entity';
import { MarketplacesService, type ManualAction } from './marketplaces.service';
import { ApiScope } from '../auth/scopes';

const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag from a previous read; 412 when stale.' };
const ACTION_PROBLEMS = ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'INVALID_TRANSITION', 'PRECONDITION_FAILED'] as const;

/**
 * Marktplätze für Gute Geschäfte (events): organisers of the event's district (or an ancestor)
 * and admins create and run them; everybody reads the published ones (drafts: 404 for others).
 */
@ApiTags('marketplaces')
@ApiBearerAuth()
@Controller({ path: 'marketplaces', version: '1' })
export class MarketplacesController {
  constructor(private readonly marketplaces: MarketplacesService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a marketplace on its own, without a round (organisers, admins)',
    description: 'Its district is the lowest district containing all its Quartiere; you must organise that district (or an ancestor). Starts as draft.',
  })
  @ApiCreatedResponse({ type: MarketplaceDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DISTRICT_NOT_FOUND')
  async create(@Body() dto: CreateMarketplaceDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<MarketplaceDto> {
    const m = await this.marketplaces.create(actor, dto);
    res.setHeader('Location', `/v1/marketplaces/${m.id}`);
    return this.respond(actor, res, m);
  }

  @Get()
  @ApiScope('marketplaces')
  @Public()
  @ApiOperation({
    summary: 'Upcoming marketplaces (public)',
    description: 'Soonest first. Default: from now on, every status but draft and cancelled; districtId includes its descendants. Drafts (status=draft) only for their organisers.',
  })
  @ApiOkResponse({ type: MarketplacePageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'DISTRICT_NOT_FOUND')
  async list(@Query() query: MarketplaceQueryDto, @CurrentActor() actor: Actor | undefined): Promise<MarketplacePageDto> {
    const page = await this.marketplaces.list(actor, query);
    return { items: await this.marketplaces.toDtos(actor, page.items), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiScope('marketplaces')
  @Public()
  @ApiOperation({ summary: 'One marketplace (public; no participant data: see /participants)' })
  @ApiOkResponse({ type: MarketplaceDto })
  @ApiProblems('VALIDATION_FAILED', 'MARKETPLACE_NOT_FOUND')
  async get(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor | undefined, @Res({ passthrough: true }) res: Response): Promise<MarketplaceDto> {
    return this.respond(actor, res, await this.marketplaces.get(actor, id));
  }

  @Patch(':id')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Change a draft or open marketplace (organisers, admins)', description: 'A larger capacity moves the waitlist up.' })
  @ApiOkResponse({ type: MarketplaceDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'NOT_EDITABLE', 'PRECONDITION_FAILED')
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateMarketplaceDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MarketplaceDto> {
    return this.respond(actor, res, await this.marketplaces.update(actor, id, dto, ifMatch));
  }

  @Post(':id/open')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Open registration: draft → open; invites the best-matched organisations of its Quartiere (capacity × MARKETPLACE_INVITE_FACTOR)' })
  @ApiOkResponse({ type: MarketplaceDto })
  @ApiProblems(...ACTION_PROBLEMS)
  open(@Param('id', ParseIdPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'open', ifMatch);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Close registration: open → closed' })
  @ApiOkResponse({ type: MarketplaceDto })
  @ApiProblems(...ACTION_PROBLEMS)
  close(@Param('id', ParseIdPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'close', ifMatch);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Late registrations: closed or scheduled → open' })
  @ApiOkResponse({ type: MarketplaceDto })
  @ApiProblems(...ACTION_PROBLEMS)
  reopen(@Param('id', ParseIdPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'reopen', ifMatch);
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'The day: closed or scheduled → running (check-in opens)' })
  @ApiOkResponse({ type: MarketplaceDto })
  @ApiProblems(...ACTION_PROBLEMS)
  start(@Param('id', ParseIdPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'start', ifMatch);
  }

  @Post(':id/finish')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'running → finished; registered organisations that did not check in are recorded as no-shows' })
  @ApiOkResponse({ type: MarketplaceDto })
  @ApiProblems(...ACTION_PROBLEMS)
  finish(@Param('id', ParseIdPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'finish', ifMatch);
  }

  @Post(':id/report')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'The event report is out: finished → reported' })
  @ApiOkResponse({ type: MarketplaceDto })
  @ApiProblems(...ACTION_PROBLEMS)
  report(@Param('id', ParseIdPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'report', ifMatch);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Cancel before the day: draft, open, closed or scheduled → cancelled; invited, registered and waitlisted organisations are notified' })
  @ApiOkResponse({ type: MarketplaceDto })
  @ApiProblems(...ACTION_PROBLEMS)
  cancel(@Param('id', ParseIdPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'cancel', ifMatch);
  }

  private async act(actor: Actor, res: Response, id: string, action: ManualAction, ifMatch?: string): Promise<MarketplaceDto> {
    return this.respond(actor, res, await this.marketplaces.act(actor, id, action, ifMatch));
  }

  private async respond(actor: Actor | undefined, res: Response, m: Marketplace): Promise<MarketplaceDto> {
    setEtag(res, m.version);
    const [dto] = await this.marketplaces.toDtos(actor, [m]);
    return dto;
  }
}
