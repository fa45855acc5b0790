import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { JourneyDto } from './dto/journey.dto';
import { JourneyService } from './journey.service';
import { ApiScope } from '../auth/scopes';

@ApiTags('journey')
@ApiBearerAuth()
@ApiScope('organisations')
@Controller({ path: 'organisations', version: '1' })
export class JourneyController {
  constructor(private readonly journey: JourneyService) {}

  @Get(':id/journey')
  @ApiOperation({
    summary: 'Where the organisation stands in the six UPJ cooperation steps (members, its district\'s organisers, admins)',
    description:
      '1 profile complete enough, 2 a published need or offer, 3 readiness check done, 4 a shortlist of partners, 5 a proposal accepted, 6 a cooperation agreed, delivered and evaluated. Each step: status, what is missing, the next action. Derived from data, never ticked by hand.',
  })
  @ApiOkResponse({ type: JourneyDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND')
  get(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<JourneyDto> {
    return this.journey.forOrganisation(actor, id);
  }
}
