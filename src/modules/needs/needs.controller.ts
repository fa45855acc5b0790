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
import { CreateNeedDto, NeedDto, NeedPageDto, UpdateNeedDto } from './dto/need.dto';
import { NEED_ACTIONS, type NeedAction } from './need.machine';
import { NeedsService } from './needs.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag from a previous read; 412 when stale.' };

@ApiTags('needs')
@Controller({ path: 'needs', version: '1' })
export class NeedsController {
  constructor(private readonly needs: NeedsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Browse and search needs (Bedarfe)', description: 'Published needs for everybody; with organisationId, members also see their drafts.' })
  @ApiOkResponse({ type: NeedPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'DISTRICT_NOT_FOUND')
  async list(@Query() query: ListingQueryDto, @CurrentActor() actor?: Actor): Promise<NeedPageDto> {
    const page = await this.needs.list(actor, query);
    return { items: page.items.map((i) => this.needs.toDto(i.row, i.distanceKm)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One need (drafts only for the owner)' })
  @ApiOkResponse({ type: NeedDto })
  @ApiProblems('VALIDATION_FAILED', 'NEED_NOT_FOUND')
  async get(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) res: Response, @CurrentActor() actor?: Actor): Promise<NeedDto> {
    return this.respond(res, await this.needs.get(actor, id));
  }

  @Post()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'File a need as a draft (nonprofit members)' })
  @ApiCreatedResponse({ type: NeedDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'WRONG_ORGANISATION_KIND', 'MONEY_NOT_ALLOWED')
  async create(@Body() dto: CreateNeedDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<NeedDto> {
    return this.respond(res, await this.needs.create(actor, dto));
  }

  @Patch(':id')
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Change a draft or published need (owner); a published change is re-matched' })
  @ApiOkResponse({ type: NeedDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NEED_NOT_FOUND', 'NOT_EDITABLE', 'PRECONDITION_FAILED', 'MONEY_NOT_ALLOWED')
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateNeedDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NeedDto> {
    return this.respond(res, await this.needs.update(actor, id, dto, ifMatch));
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiHeader(IF_MATCH)
  @ApiParam({ name: 'action', enum: NEED_ACTIONS, description: 'publish, match, reopen, fulfil or withdraw' })
  @ApiOperation({ summary: 'Move a need through its states (owner)', description: 'draft → published → matched → fulfilled, or withdrawn. 409 lists the allowed actions.' })
  @ApiOkResponse({ type: NeedDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NEED_NOT_FOUND', 'INVALID_TRANSITION', 'PRECONDITION_FAILED')
  async act(
    @Param('id', ParseIdPipe) id: string,
    @Param('action', new ParseActionPipe(NEED_ACTIONS)) action: NeedAction,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NeedDto> {
    return this.respond(res, await this.needs.act(actor, id, action, ifMatch));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a draft need (owner); published needs are withdrawn instead' })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NEED_NOT_FOUND', 'NOT_EDITABLE')
  async remove(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.needs.remove(actor, id);
  }

  private respond(res: Response, row: Parameters<NeedsService['toDto']>[0]): NeedDto {
    setEtag(res, row.version);
    return this.needs.toDto(row);
  }
}
