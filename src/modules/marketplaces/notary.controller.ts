import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { NotaryAgreementDto, NotaryAgreementInputDto, NotaryListDto } from './dto/notary.dto';
import { NotaryService } from './notary.service';

@ApiTags('marketplaces')
@ApiBearerAuth()
@Controller({ path: 'marketplaces', version: '1' })
export class NotaryController {
  constructor(private readonly notary: NotaryService) {}

  @Post(':id/notary-agreements')
  @ApiOperation({
    summary: 'Record an agreement at the notary desk (Notartisch) of a running marketplace (its organisers and brokers)',
    description:
      'Both organisations must be registered participants; a prior match is not needed. Creates the cooperation (proposed → accepted, recorded by you) and version 1 of its Engagement-Vereinbarung; both sides are asked to sign it (POST /v1/cooperations/{id}/agreements/1/sign). The money rule applies.',
  })
  @ApiCreatedResponse({ type: NotaryAgreementDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'INVALID_TRANSITION', 'PROPOSAL_EXISTS', 'MONEY_NOT_ALLOWED')
  record(@Param('id', ParseIdPipe) id: string, @Body() dto: NotaryAgreementInputDto, @CurrentActor() actor: Actor): Promise<NotaryAgreementDto> {
    return this.notary.record(actor, id, dto);
  }

  @Get(':id/notary-agreements')
  @ApiOperation({ summary: "What was recorded at the marketplace's notary desk, newest first (its organisers and brokers)" })
  @ApiOkResponse({ type: NotaryListDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND')
  async list(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<NotaryListDto> {
    return { items: await this.notary.list(actor, id) };
  }
}
