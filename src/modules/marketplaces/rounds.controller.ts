import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { setEtag } from '../../common/http/etag';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { JobAcceptedDto } from '../matching/dto/weights.dto';
import {
  ConfirmedRoundDto,
  ConfirmRoundDto,
  CreateRoundDto,
  CreateVenueDto,
  RoundDto,
  RoundPageDto,
  RoundPlanDto,
  RoundQueryDto,
  UpdatePlanDto,
  UpdateRoundDto,
  VenueDto,
} from './dto/round.dto';
import type { Round } from './marketplace.entity';
import { RoundsService, toRoundDto, toVenueDto } from './rounds.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag of the round from a previous read; 412 when stale.' };

const planDto = (r: Round): RoundPlanDto => ({
  roundId: r.id,
  status: r.status,
  plan: r.plan as Record<string, unknown>,
  planInputHash: r.planInputHash,
  plannedAt: r.plannedAt,
});

/** Marketplace rounds (issue 5): the organisers of the round's city or borough (or above) and admins. */
@ApiTags('rounds')
@ApiBearerAuth()
@Controller({ path: 'rounds', version: '1' })
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a round for a city or borough (its organisers, admins)' })
  @ApiCreatedResponse({ type: RoundDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN')
  async create(@Body() dto: CreateRoundDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<RoundDto> {
    const round = await this.rounds.create(actor, dto);
    setEtag(res, round.version);
    res.setHeader('Location', `/v1/rounds/${round.id}`);
    return toRoundDto(round);
  }

  @Get()
  @ApiOperation({ summary: "Rounds of the districts the organiser runs (admins: all), newest first" })
  @ApiOkResponse({ type: RoundPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'FORBIDDEN')
  async list(@Query() query: RoundQueryDto, @CurrentActor() actor: Actor): Promise<RoundPageDto> {
    const page = await this.rounds.list(actor, query);
    return { items: page.items.map(toRoundDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A round' })
  @ApiOkResponse({ type: RoundDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND')
  async get(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<RoundDto> {
    const round = await this.rounds.get(actor, id);
    setEtag(res, round.version);
    return toRoundDto(round);
  }

  @Patch(':id')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Change a draft or planned round (name, period, candidate dates, target size)' })
  @ApiOkResponse({ type: RoundDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND', 'NOT_EDITABLE', 'PRECONDITION_FAILED')
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateRoundDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RoundDto> {
    const round = await this.rounds.update(actor, id, dto, ifMatch);
    setEtag(res, round.version);
    return toRoundDto(round);
  }

  @Post(':id/venues')
  @ApiOperation({ summary: "Offer a venue for the round (in the round's area; dates among the candidate dates)" })
  @ApiCreatedResponse({ type: VenueDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND', 'NOT_EDITABLE')
  async addVenue(@Param('id', ParseIdPipe) id: string, @Body() dto: CreateVenueDto, @CurrentActor() actor: Actor): Promise<VenueDto> {
    return toVenueDto(await this.rounds.addVenue(actor, id, dto));
  }

  @Get(':id/venues')
  @ApiOperation({ summary: "The round's venues" })
  @ApiOkResponse({ type: VenueDto, isArray: true })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND')
  async venues(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<VenueDto[]> {
    return (await this.rounds.venues(actor, id)).map(toVenueDto);
  }

  @Delete(':id/venues/:venueId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a venue (while the round is not confirmed)' })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND', 'VENUE_NOT_FOUND', 'NOT_EDITABLE')
  async removeVenue(@Param('id', ParseIdPipe) id: string, @Param('venueId', ParseIdPipe) venueId: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.rounds.removeVenue(actor, id, venueId);
  }

  @Post(':id/plan')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Plan the round: queues the plan-round job',
    description: 'Follow the job at GET /v1/jobs/{jobId} (Location header). The job writes the draft plan (GET /v1/rounds/{id}/plan); on unchanged inputs it writes nothing.',
  })
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND', 'INVALID_TRANSITION')
  async plan(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<JobAcceptedDto> {
    const accepted = await this.rounds.requestPlan(actor, id);
    res.setHeader('Location', `/v1/jobs/${accepted.jobId}`);
    return accepted;
  }

  @Get(':id/plan')
  @ApiOperation({ summary: 'The draft plan (after the organiser’s edits, if any)' })
  @ApiOkResponse({ type: RoundPlanDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND', 'PLAN_NOT_FOUND')
  async getPlan(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<RoundPlanDto> {
    const round = await this.rounds.getPlan(actor, id);
    setEtag(res, round.version);
    return planDto(round);
  }

  @Put(':id/plan')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Edit the draft plan: events with their Quartiere, venue and date; Quartiere not named are left out' })
  @ApiOkResponse({ type: RoundPlanDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND', 'NOT_EDITABLE', 'PRECONDITION_FAILED')
  async updatePlan(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdatePlanDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RoundPlanDto> {
    const round = await this.rounds.updatePlan(actor, id, dto, ifMatch);
    setEtag(res, round.version);
    return planDto(round);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Confirm the plan: one draft marketplace per event, in one transaction (times default to 17:00-19:00 Europe/Berlin)' })
  @ApiOkResponse({ type: ConfirmedRoundDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND', 'INVALID_TRANSITION', 'NOT_EDITABLE', 'PRECONDITION_FAILED')
  async confirm(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ConfirmRoundDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConfirmedRoundDto> {
    const { round, marketplaceIds } = await this.rounds.confirm(actor, id, dto, ifMatch);
    setEtag(res, round.version);
    return { round: toRoundDto(round), marketplaceIds };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Cancel the round (and its marketplaces that have not started)' })
  @ApiOkResponse({ type: RoundDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ROUND_NOT_FOUND', 'INVALID_TRANSITION', 'PRECONDITION_FAILED')
  async cancel(
    @Param('id', ParseIdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RoundDto> {
    const round = await this.rounds.cancel(actor, id, ifMatch);
    setEtag(res, round.version);
    return toRoundDto(round);
  }
}
