import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { AgreementsService } from './agreements.service';
import { AgreementDto, AgreementInputDto, AgreementListDto, SignAgreementDto } from './dto/agreement.dto';
import { ParseVersionPipe } from '../../common/http/parse-version.pipe';
import { ApiScope } from '../auth/scopes';

/** The Engagement-Vereinbarung of a cooperation: versions, drafts, signatures (UPJ step 6, "planen"). */
@ApiTags('cooperations')
@ApiBearerAuth()
@ApiScope('cooperations')
@Controller({ path: 'cooperations/:id/agreements', version: '1' })
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Get()
  @ApiOperation({ summary: 'All versions of the Engagement-Vereinbarung (parties, the district\'s organisers, admins)' })
  @ApiOkResponse({ type: AgreementListDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'COOPERATION_NOT_FOUND')
  async list(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<AgreementListDto> {
    return { items: await this.agreements.list(actor, id) };
  }

  @Get(':version')
  @ApiOperation({ summary: 'One version of the Engagement-Vereinbarung, with its content hash and who signed' })
  @ApiOkResponse({ type: AgreementDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'COOPERATION_NOT_FOUND', 'AGREEMENT_NOT_FOUND')
  async get(@Param('id', ParseIdPipe) id: string, @Param('version', ParseVersionPipe) version: number, @CurrentActor() actor: Actor): Promise<AgreementDto> {
    return this.agreements.get(actor, id, version);
  }

  @Post()
  @ApiOperation({
    summary: 'Draft the next version (either party)',
    description:
      'Names the parties\' contact persons (default: the organisations\' contact fields), what the company gives (Leistung), what the nonprofit gives ' +
      'back (Gegenleistung, required), the dates, the place and estimates (hours; a euro equivalent for reporting only: no money changes hands). ' +
      'Version 1 once the proposal is accepted; while agreed or active, a new version is a change that replaces the signed one when both sign it. ' +
      'One open draft at a time (409 AGREEMENT_DRAFT_EXISTS). The other side is notified (agreement_to_sign).',
  })
  @ApiCreatedResponse({ type: AgreementDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'COOPERATION_NOT_FOUND', 'AGREEMENT_DRAFT_EXISTS', 'COOPERATION_STATUS_CONFLICT', 'MONEY_NOT_ALLOWED')
  async create(@Param('id', ParseIdPipe) id: string, @Body() dto: AgreementInputDto, @CurrentActor() actor: Actor): Promise<AgreementDto> {
    return this.agreements.create(actor, id, dto);
  }

  @Put(':version')
  @ApiOperation({
    summary: 'Edit a draft (either party; the whole content)',
    description: 'A changed content clears a signature one side already gave: it confirmed the old text. Signed versions are immutable (409 AGREEMENT_IMMUTABLE).',
  })
  @ApiOkResponse({ type: AgreementDto })
  @ApiProblems(
    'VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'COOPERATION_NOT_FOUND', 'AGREEMENT_NOT_FOUND', 'AGREEMENT_IMMUTABLE', 'COOPERATION_STATUS_CONFLICT', 'MONEY_NOT_ALLOWED',
  )
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Param('version', ParseVersionPipe) version: number,
    @Body() dto: AgreementInputDto,
    @CurrentActor() actor: Actor,
  ): Promise<AgreementDto> {
    return this.agreements.update(actor, id, version, dto);
  }

  @Delete(':version')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft (either party); signed versions stay (409 AGREEMENT_IMMUTABLE)' })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'COOPERATION_NOT_FOUND', 'AGREEMENT_NOT_FOUND', 'AGREEMENT_IMMUTABLE', 'COOPERATION_STATUS_CONFLICT')
  async remove(@Param('id', ParseIdPipe) id: string, @Param('version', ParseVersionPipe) version: number, @CurrentActor() actor: Actor): Promise<void> {
    await this.agreements.remove(actor, id, version);
  }

  @Post(':version/sign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign for your own side (each party, explicitly)',
    description:
      'Send the contentHash you read: a different one answers 409 CONTENT_HASH_MISMATCH with the current hash. Signing again is a no-op. ' +
      'The second signature makes the version binding and immutable, supersedes the version signed before, moves an accepted cooperation to ' +
      'agreed and schedules the evaluation for the day after the end date (Europe/Berlin); both sides are notified (agreement_signed).',
  })
  @ApiOkResponse({ type: AgreementDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'COOPERATION_NOT_FOUND', 'AGREEMENT_NOT_FOUND', 'AGREEMENT_IMMUTABLE', 'CONTENT_HASH_MISMATCH', 'COOPERATION_STATUS_CONFLICT')
  async sign(
    @Param('id', ParseIdPipe) id: string,
    @Param('version', ParseVersionPipe) version: number,
    @Body() dto: SignAgreementDto,
    @CurrentActor() actor: Actor,
  ): Promise<AgreementDto> {
    return this.agreements.sign(actor, id, version, dto);
  }
}
