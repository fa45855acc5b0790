import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { CreateEvaluationDto, EvaluationDto, EvaluationListDto } from './dto/evaluation.dto';
import { EvaluationsService } from './evaluations.service';
import { ApiScope } from '../auth/scopes';

/** Evaluation of a cooperation (UPJ step 6, "evaluieren"). */
@ApiTags('cooperations')
@ApiBearerAuth()
@ApiScope('cooperations')
@Controller({ path: 'cooperations/:id/evaluations', version: '1' })
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post()
  @ApiOperation({
    summary: 'Evaluate the cooperation (each party once, while completed)',
    description:
      'Rating 1-5, what worked, what to improve, outcomes (people reached) and whether you would cooperate again. ' +
      'When both parties have answered, the cooperation is evaluated at once; otherwise when the evaluation window closes.',
  })
  @ApiCreatedResponse({ type: EvaluationDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'COOPERATION_NOT_FOUND', 'EVALUATION_EXISTS', 'COOPERATION_STATUS_CONFLICT')
  submit(@Param('id', ParseIdPipe) id: string, @Body() dto: CreateEvaluationDto, @CurrentActor() actor: Actor): Promise<EvaluationDto> {
    return this.evaluations.submit(actor, id, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'The evaluations (parties, the district\'s organisers, admins)',
    description:
      'A party sees its own evaluation, and the other side\'s only after answering itself or once the evaluation window closed (listed in `hidden` until then), ' +
      'so that neither answer is written in reaction to the other. Organisers and admins see both.',
  })
  @ApiOkResponse({ type: EvaluationListDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'COOPERATION_NOT_FOUND')
  list(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<EvaluationListDto> {
    return this.evaluations.list(actor, id);
  }
}
