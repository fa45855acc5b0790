import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { CreateFollowUpDto, FollowUpDto, FollowUpListDto } from './dto/follow-up.dto';
import { FollowUpsService } from './follow-ups.service';
import { ApiScope } from '../auth/scopes';

/** Follow-ups of agreements made at a marketplace: was it carried out? (issue 5) */
@ApiTags('cooperations')
@ApiBearerAuth()
@ApiScope('cooperations')
@Controller({ path: 'cooperations/:id/follow-ups', version: '1' })
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Post()
  @ApiOperation({
    summary: 'Report whether the agreement made at the marketplace was carried out (each party once per stage)',
    description:
      'For cooperations recorded at a marketplace\'s notary desk whose agreement both sides signed. A stage opens when its reminder goes out ' +
      '(FOLLOW_UP_FIRST_DAYS days, FOLLOW_UP_SECOND_MONTHS months after the event, Berlin time), or at its due time. ' +
      'A second answer of the same side to the same stage is refused (409 FOLLOW_UP_EXISTS): answers are not replaced. ' +
      'Not from a marketplace, not signed, or the stage not open: 409 FOLLOW_UP_NOT_POSSIBLE with `reason`.',
  })
  @ApiCreatedResponse({ type: FollowUpDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'COOPERATION_NOT_FOUND', 'FOLLOW_UP_EXISTS', 'FOLLOW_UP_NOT_POSSIBLE', 'MONEY_NOT_ALLOWED')
  submit(@Param('id', ParseIdPipe) id: string, @Body() dto: CreateFollowUpDto, @CurrentActor() actor: Actor): Promise<FollowUpDto> {
    return this.followUps.submit(actor, id, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The follow-up stages and answers (the parties, the district\'s organisers, admins)' })
  @ApiOkResponse({ type: FollowUpListDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'COOPERATION_NOT_FOUND', 'FOLLOW_UP_NOT_POSSIBLE')
  list(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<FollowUpListDto> {
    return this.followUps.list(actor, id);
  }
}
