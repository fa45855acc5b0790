import { ArgumentMetadata, Body, Controller, Delete, Get, HttpCode, Injectable, Param, PipeTransform, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import { AppError } from '../../common/errors/error-codes';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public, Roles } from '../auth/decorators';
import { DistrictMatchQueryDto, MatchDto, MatchListQueryDto, MatchPageDto } from './dto/match.dto';
import { JobAcceptedDto, JobDto, MatchingWeightsDto, MatchingWeightsVersionDto } from './dto/weights.dto';
import { JobsService } from './jobs.service';
import { MatchesService } from './matches.service';
import type { VersionedWeights } from './weights.service';
import { WeightsService } from './weights.service';
import { ApiScope } from '../auth/scopes';

/**
 * Match ids are derived from the pair (md5 of both ids, see MatchingEngine.upsert): UUID-shaped,
 * but without RFC 4122 version/variant bits, which ParseIdPipe (isUUID 'all') insists on.
 */
@Injectable()
class ParseMatchIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    return isUUID(value, 'loose') ? value : new ParseIdPipe().transform(value, metadata);
  }
}

@ApiTags('matches')
@ApiBearerAuth()
@Controller({ version: '1' })
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  @Get('needs/:id/matches')
  @ApiScope('matches')
  @ApiOperation({ summary: "A need's matches, best first, each with its score breakdown (the need's organisation, the district's organisers)" })
  @ApiOkResponse({ type: MatchPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'FORBIDDEN', 'NEED_NOT_FOUND')
  needMatches(@Param('id', ParseIdPipe) id: string, @Query() query: MatchListQueryDto, @CurrentActor() actor: Actor) {
    return this.matches.forNeed(actor, id, query);
  }

  @Get('offers/:id/matches')
  @ApiScope('matches')
  @ApiOperation({ summary: "An offer's matches, best first (the offer's company; organisers see their districts' matches)" })
  @ApiOkResponse({ type: MatchPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'FORBIDDEN', 'OFFER_NOT_FOUND')
  offerMatches(@Param('id', ParseIdPipe) id: string, @Query() query: MatchListQueryDto, @CurrentActor() actor: Actor) {
    return this.matches.forOffer(actor, id, query);
  }

  @Get('matches')
  @ApiOperation({ summary: "A district's best pairs, descendants included (its organisers, admins)" })
  @ApiOkResponse({ type: MatchPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'FORBIDDEN', 'DISTRICT_NOT_FOUND')
  districtMatches(@Query() query: DistrictMatchQueryDto, @CurrentActor() actor: Actor) {
    return this.matches.forDistrict(actor, query.districtId, query);
  }

  @Get('matches/:id')
  @ApiScope('matches')
  @ApiOperation({ summary: 'One match (either side, the district\'s organisers)' })
  @ApiOkResponse({ type: MatchDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'MATCH_NOT_FOUND')
  get(@Param('id', ParseMatchIdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.matches.get(actor, id);
  }

  @Post('matches/:id/interest')
  @ApiScope('matches')
  @HttpCode(200)
  @ApiOperation({ summary: 'Show interest for your side (nonprofit or company); both sides interested = mutual', description: 'Idempotent. A pair with interest stays in the lists whatever its rank.' })
  @ApiOkResponse({ type: MatchDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MATCH_NOT_FOUND')
  interest(@Param('id', ParseMatchIdPipe) id: string, @CurrentActor() actor: Actor) {
    return this.matches.react(actor, id, 'interested');
  }

  @Post('matches/:id/dismiss')
  @ApiScope('matches')
  @HttpCode(204)
  @ApiOperation({ summary: 'Dismiss a match for your side: it leaves both lists and is not proposed again', description: 'Idempotent. Both lists are refilled by the matching jobs. DELETE …/reaction takes it back.' })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MATCH_NOT_FOUND')
  async dismiss(@Param('id', ParseMatchIdPipe) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.matches.react(actor, id, 'dismissed');
  }

  @Delete('matches/:id/reaction')
  @ApiScope('matches')
  @HttpCode(204)
  @ApiOperation({ summary: "Take back your side's interest or dismissal" })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'MATCH_NOT_FOUND')
  async clear(@Param('id', ParseMatchIdPipe) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.matches.clearReaction(actor, id);
  }
}

const JOB_ID = /^[a-z-]+\.[A-Za-z0-9._-]{1,200}$/;

@ApiTags('matching')
@Controller({ version: '1' })
export class MatchingController {
  constructor(
    private readonly jobs: JobsService,
    private readonly weights: WeightsService,
  ) {}

  @Post('districts/:id/rematch')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({ summary: "Recompute a district's matches now (its organisers, admins)", description: 'A Quartier gets one rematch-district job; a district with sub-districts a rematch-all over them. Follow the job at GET /v1/jobs/{jobId}.' })
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DISTRICT_NOT_FOUND')
  async rematch(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<JobAcceptedDto> {
    const accepted = await this.jobs.rematchDistrict(actor, id);
    res.setHeader('Location', `/v1/jobs/${accepted.jobId}`);
    return accepted;
  }

  @Post('matching/rematch-all')
  @HttpCode(202)
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Recompute every Quartier (admins): one child job per district, as a BullMQ flow' })
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  @ApiProblems('UNAUTHENTICATED', 'FORBIDDEN')
  async rematchAll(@CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<JobAcceptedDto> {
    const accepted = await this.jobs.rematchAll(actor);
    res.setHeader('Location', `/v1/jobs/${accepted.jobId}`);
    return accepted;
  }

  @Get('jobs/:id')
  @ApiBearerAuth()
  @ApiOperation({ summary: "A job's state, progress, result or error (admins; organisers for their districts' jobs)" })
  @ApiOkResponse({ type: JobDto })
  @ApiProblems('UNAUTHENTICATED', 'JOB_NOT_FOUND')
  job(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<JobDto> {
    if (!JOB_ID.test(id)) throw new AppError('JOB_NOT_FOUND', `Job ${id} does not exist or has expired.`);
    return this.jobs.get(actor, id);
  }

  @Get('districts/:id/matching-weights')
  @Public()
  @ApiOperation({ summary: "The matching weights in force for the district's city (public: the model is open)" })
  @ApiOkResponse({ type: MatchingWeightsVersionDto })
  @ApiProblems('VALIDATION_FAILED', 'DISTRICT_NOT_FOUND')
  async getWeights(@Param('id', ParseIdPipe) id: string): Promise<MatchingWeightsVersionDto> {
    return toWeightsDto(await this.weights.forDistrict(id));
  }

  @Put('districts/:id/matching-weights')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Tune the city's matching weights: saves a new version (organisers of the city, admins)", description: 'Takes effect at the next match of each need or offer; POST /v1/districts/{id}/rematch applies it now.' })
  @ApiOkResponse({ type: MatchingWeightsVersionDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DISTRICT_NOT_FOUND')
  async putWeights(@Param('id', ParseIdPipe) id: string, @Body() dto: MatchingWeightsDto, @CurrentActor() actor: Actor): Promise<MatchingWeightsVersionDto> {
    const sum = dto.category + dto.tags + dto.text + dto.distance + dto.quantity + dto.timeframe + dto.causes + dto.giveBack;
    if (sum <= 0) {
      throw new AppError('VALIDATION_FAILED', 'At least one weight must be above 0.', { errors: [{ field: 'category', reason: 'allZero', message: 'at least one weight must be above 0' }] });
    }
    return toWeightsDto(await this.weights.save(actor, id, { ...dto }));
  }
}

function toWeightsDto(v: VersionedWeights): MatchingWeightsVersionDto {
  return { version: v.version, cityId: v.cityId, weights: { ...v.weights }, createdAt: v.createdAt };
}
