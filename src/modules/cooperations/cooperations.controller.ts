import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { setEtag } from '../../common/http/etag';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import type { Cooperation } from './cooperation.entity';
import { CooperationsService, type PartyAction } from './cooperations.service';
import { CooperationNoteDto, CooperationReasonDto, CreateCooperationDto } from './dto/cooperation-input.dto';
import { CooperationQueryDto } from './dto/cooperation-query.dto';
import { CooperationDto, CooperationHistoryDto, CooperationPageDto } from './dto/cooperation.dto';
import { CreateMessageDto, MessageDto, MessagePageDto, MessageQueryDto } from './dto/message.dto';
import { ProposalsService } from './proposals.service';
import { ApiScope } from '../auth/scopes';
import { EX_ID } from '../../common/examples';

const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag from a previous read; 412 when stale.' };
const ACTION_PROBLEMS = ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'COOPERATION_NOT_FOUND', 'INVALID_TRANSITION', 'PRECONDITION_FAILED'] as const;

/**
 * Kooperationen (UPJ steps 5 and 6): proposals, the parties' answers and steps, the history and
 * the message thread. Who may see and do what: CooperationAccess (parties act; organisers of the
 * district and admins read along; everybody else gets 404).
 */
@ApiTags('cooperations')
@ApiBearerAuth()
@ApiScope('cooperations')
@Controller({ path: 'cooperations', version: '1' })
export class CooperationsController {
  constructor(
    private readonly cooperations: CooperationsService,
    private readonly proposals: ProposalsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Propose a cooperation (UPJ step 5)',
    description:
      'Names a need and/or an offer (or a match). The sender is your organisation; the receiver the other party. Needs step 3 (the readiness check) done. ' +
      'The proposal expires after PROPOSAL_TTL_HOURS unless answered; the receiver is reminded PROPOSAL_REMINDER_HOURS before.',
  })
  @ApiCreatedResponse({ type: CooperationDto, headers: { Location: { description: 'The new cooperation: /v1/cooperations/{id}', schema: { type: 'string', example: `/v1/cooperations/${EX_ID.cooperation}` } }, ETag: { description: 'Its version, for If-Match', schema: { type: 'string', example: '"1"' } } } })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'PROPOSAL_EXISTS', 'READINESS_CHECK_REQUIRED', 'PROPOSAL_NOT_POSSIBLE')
  async create(@Body() dto: CreateCooperationDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<CooperationDto> {
    const coop = await this.proposals.create(actor, dto);
    res.setHeader('Location', `/v1/cooperations/${coop.id}`);
    return this.respond(actor, res, coop);
  }

  @Get()
  @ApiOperation({
    summary: "Cooperations: your organisation's, or (organisers, admins) a district's",
    description: 'Members see their organisation\'s (role=sent|received). Organisers: districtId (descendants included), or all their districts. Admins: all. Newest first.',
  })
  @ApiOkResponse({ type: CooperationPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'FORBIDDEN', 'DISTRICT_NOT_FOUND')
  async list(@Query() query: CooperationQueryDto, @CurrentActor() actor: Actor): Promise<CooperationPageDto> {
    const page = await this.cooperations.list(actor, query);
    return { items: await this.cooperations.toDtos(actor, page.items), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One cooperation: parties, need and offer, status, what you may do, the current agreement' })
  @ApiOkResponse({ type: CooperationDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'COOPERATION_NOT_FOUND')
  async get(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<CooperationDto> {
    return this.respond(actor, res, await this.cooperations.get(actor, id));
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'The history: every transition with who, when, from, to and the note' })
  @ApiOkResponse({ type: CooperationHistoryDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'COOPERATION_NOT_FOUND')
  async history(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<CooperationHistoryDto> {
    return { items: await this.cooperations.history(actor, id) };
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Accept the proposal (the receiver): proposed → accepted' })
  @ApiOkResponse({ type: CooperationDto })
  @ApiProblems(...ACTION_PROBLEMS)
  accept(@Param('id', ParseIdPipe) id: string, @Body() dto: CooperationNoteDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'accept', dto, ifMatch);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Decline the proposal with a reason (the receiver): proposed → declined' })
  @ApiOkResponse({ type: CooperationDto })
  @ApiProblems(...ACTION_PROBLEMS)
  decline(@Param('id', ParseIdPipe) id: string, @Body() dto: CooperationReasonDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'decline', dto, ifMatch);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Cancel with a reason (either party): from proposed, accepted, agreed or active → cancelled',
    description: 'The sender withdraws a pending proposal this way.',
  })
  @ApiOkResponse({ type: CooperationDto })
  @ApiProblems(...ACTION_PROBLEMS)
  cancel(@Param('id', ParseIdPipe) id: string, @Body() dto: CooperationReasonDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'cancel', dto, ifMatch);
  }

  @Post(':id/start')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'The work has begun (either party): agreed → active' })
  @ApiOkResponse({ type: CooperationDto })
  @ApiProblems(...ACTION_PROBLEMS)
  start(@Param('id', ParseIdPipe) id: string, @Body() dto: CooperationNoteDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'start', dto, ifMatch);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Complete the cooperation (either party): active → completed',
    description: 'Both sides are asked to evaluate from now on (evaluationDueAt = now).',
  })
  @ApiOkResponse({ type: CooperationDto })
  @ApiProblems(...ACTION_PROBLEMS)
  complete(@Param('id', ParseIdPipe) id: string, @Body() dto: CooperationNoteDto, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.act(actor, res, id, 'complete', dto, ifMatch);
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Write to the other party (the two parties)' })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'COOPERATION_NOT_FOUND')
  async postMessage(@Param('id', ParseIdPipe) id: string, @Body() dto: CreateMessageDto, @CurrentActor() actor: Actor): Promise<MessageDto> {
    return this.cooperations.messageDto(await this.cooperations.postMessage(actor, id, dto.body));
  }

  @Get(':id/messages')
  @ApiOperation({ summary: 'The message thread, oldest first (parties, organisers of the district, admins)' })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'COOPERATION_NOT_FOUND')
  async messages(@Param('id', ParseIdPipe) id: string, @Query() query: MessageQueryDto, @CurrentActor() actor: Actor): Promise<MessagePageDto> {
    const page = await this.cooperations.messages(actor, id, query);
    return { items: page.items.map((m) => this.cooperations.messageDto(m)), nextCursor: page.nextCursor };
  }

  private async act(actor: Actor, res: Response, id: string, action: PartyAction, dto: { reason?: string; note?: string }, ifMatch?: string): Promise<CooperationDto> {
    return this.respond(actor, res, await this.cooperations.act(actor, id, action, dto, ifMatch));
  }

  private async respond(actor: Actor, res: Response, coop: Cooperation): Promise<CooperationDto> {
    setEtag(res, coop.version);
    return this.cooperations.toDto(actor, coop);
  }
}
