import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { setEtag } from '../../common/http/etag';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { SAVE_SHORTLIST_EXAMPLES, SaveShortlistEntryDto, ShortlistEntryDto, ShortlistPageDto, ShortlistQueryDto, UpdateShortlistEntryDto } from './dto/shortlist.dto';
import { ShortlistService } from './shortlist.service';
import { ApiScope } from '../auth/scopes';

@ApiTags('shortlist')
@ApiBearerAuth()
@ApiScope('organisations')
@Controller({ path: 'organisations/:id/shortlist', version: '1' })
export class ShortlistController {
  constructor(private readonly shortlist: ShortlistService) {}

  @Post()
  @ApiOperation({
    summary: 'Save a partner to the shortlist (UPJ step 4): a published need or offer, or one of your matches (members of the organisation)',
    description:
      "Nonprofits save companies' offers, companies save nonprofits' needs. Body: exactly one of needId, offerId, matchId. Idempotent: saving an item again answers 200 with the existing entry (unchanged); a new entry answers 201.",
  })
  @ApiBody({ type: SaveShortlistEntryDto, examples: SAVE_SHORTLIST_EXAMPLES })
  @ApiCreatedResponse({ type: ShortlistEntryDto, description: 'Saved.' })
  @ApiOkResponse({ type: ShortlistEntryDto, description: 'Already on the shortlist.' })
  @ApiProblems(
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'ORGANISATION_NOT_FOUND',
    'NEED_NOT_FOUND',
    'OFFER_NOT_FOUND',
    'MATCH_NOT_FOUND',
    'NOT_SHORTLISTABLE',
    'SHORTLIST_OWN_ITEM',
    'SHORTLIST_WRONG_KIND',
  )
  async save(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: SaveShortlistEntryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ShortlistEntryDto> {
    const { entry, created } = await this.shortlist.save(actor, id, dto);
    res.status(created ? 201 : 200);
    setEtag(res, entry.version);
    return entry;
  }

  @Get()
  @ApiOperation({ summary: "The organisation's shortlist, newest first: each saved item with its organisation (and trust badge), the match score if any, and whether it is still published (members)" })
  @ApiOkResponse({ type: ShortlistPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND')
  list(@Param('id', ParseIdPipe) id: string, @Query() query: ShortlistQueryDto, @CurrentActor() actor: Actor): Promise<ShortlistPageDto> {
    return this.shortlist.list(actor, id, query);
  }

  @Patch(':entryId')
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read; 412 when stale.' })
  @ApiOperation({ summary: "Change an entry's note (members)" })
  @ApiOkResponse({ type: ShortlistEntryDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND', 'SHORTLIST_ENTRY_NOT_FOUND', 'PRECONDITION_FAILED')
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Param('entryId', ParseIdPipe) entryId: string,
    @Body() dto: UpdateShortlistEntryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ShortlistEntryDto> {
    const entry = await this.shortlist.updateNote(actor, id, entryId, dto.note, ifMatch);
    setEtag(res, entry.version);
    return entry;
  }

  @Delete(':entryId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an entry from the shortlist (members)', description: 'Idempotent: an entry that is not (or no longer) on the shortlist answers 204 as well.' })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND')
  async remove(@Param('id', ParseIdPipe) id: string, @Param('entryId', ParseIdPipe) entryId: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.shortlist.remove(actor, id, entryId);
  }
}
