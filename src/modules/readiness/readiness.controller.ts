import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public } from '../auth/decorators';
import {
  QuestionnaireDto,
  QuestionnaireKindParam,
  ReadinessCheckDto,
  ReadinessHistoryPageDto,
  ReadinessHistoryQueryDto,
  ReadinessOverviewDto,
  SubmitReadinessDto,
} from './dto/readiness.dto';
import { ReadinessService } from './readiness.service';
import { ApiScope } from '../auth/scopes';

@ApiTags('readiness')
@ApiScope('organisations')
@Controller({ path: 'readiness', version: '1' })
export class ReadinessQuestionnairesController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('questionnaires/:kind')
  @Public()
  @ApiOperation({ summary: 'The active readiness questionnaire (UPJ step 3) for nonprofits or companies, German and English' })
  @ApiOkResponse({ type: QuestionnaireDto })
  @ApiProblems('VALIDATION_FAILED', 'QUESTIONNAIRE_NOT_FOUND')
  async questionnaire(@Param() params: QuestionnaireKindParam): Promise<QuestionnaireDto> {
    const q = await this.readiness.activeQuestionnaire(params.kind);
    return { id: q.id, kind: q.kind, version: q.version, active: q.active, definition: q.definition, createdAt: q.createdAt };
  }
}

@ApiTags('readiness')
@ApiBearerAuth()
@ApiScope('organisations')
@Controller({ path: 'organisations', version: '1' })
export class OrganisationReadinessController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get(':id/readiness')
  @ApiOperation({
    summary: 'The organisation\'s readiness check (UPJ step 3): the latest result and a summary of earlier ones',
    description: 'Members of the organisation, organisers of its district and admins. 404 READINESS_CHECK_NOT_FOUND (with `next`) while step 3 is open.',
  })
  @ApiOkResponse({ type: ReadinessOverviewDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND', 'READINESS_CHECK_NOT_FOUND')
  overview(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<ReadinessOverviewDto> {
    return this.readiness.overview(actor, id);
  }

  @Post(':id/readiness')
  @ApiOperation({
    summary: 'Submit the readiness check (UPJ step 3) for the active questionnaire of the organisation\'s kind; members only',
    description: 'Each submission is kept (history); the latest counts. Answers are scored per dimension; the result lists strengths and recommendations.',
  })
  @ApiCreatedResponse({ type: ReadinessCheckDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND', 'QUESTIONNAIRE_NOT_FOUND')
  async submit(@Param('id', ParseIdPipe) id: string, @Body() dto: SubmitReadinessDto, @CurrentActor() actor: Actor): Promise<ReadinessCheckDto> {
    return this.readiness.toDto(await this.readiness.submit(actor, id, dto));
  }

  @Get(':id/readiness/history')
  @ApiOperation({ summary: 'Every readiness check of the organisation, newest first (cursor pagination)' })
  @ApiOkResponse({ type: ReadinessHistoryPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND')
  async history(@Param('id', ParseIdPipe) id: string, @Query() query: ReadinessHistoryQueryDto, @CurrentActor() actor: Actor): Promise<ReadinessHistoryPageDto> {
    const page = await this.readiness.history(actor, id, query);
    return { items: page.items.map((c) => this.readiness.toSummary(c)), nextCursor: page.nextCursor };
  }
}
