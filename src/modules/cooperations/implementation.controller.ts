import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import {
  CooperationUpdateDto,
  CreateDeliveryDto,
  CreateMilestoneDto,
  CreateUpdateDto,
  DeliveryDto,
  DeliveryListDto,
  DeliverySummaryDto,
  MilestoneDto,
  MilestoneListDto,
  UpdateListDto,
} from './dto/implementation.dto';
import { ImplementationService } from './implementation.service';
import { ApiScope } from '../auth/scopes';

const READ = ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'COOPERATION_NOT_FOUND'] as const;
const WRITE = ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'COOPERATION_NOT_FOUND', 'COOPERATION_STATUS_CONFLICT'] as const;

/**
 * Implementation of a cooperation (UPJ step 6, "umsetzen"): the two parties write (while agreed or
 * active; deliveries also once completed), the district's organisers and admins read.
 */
@ApiTags('cooperations')
@ApiBearerAuth()
@ApiScope('cooperations')
@Controller({ path: 'cooperations/:id', version: '1' })
export class ImplementationController {
  constructor(private readonly implementation: ImplementationService) {}

  @Post('updates')
  @ApiOperation({ summary: 'Post a status update (either party, while agreed or active)' })
  @ApiCreatedResponse({ type: CooperationUpdateDto })
  @ApiProblems(...WRITE, 'MONEY_NOT_ALLOWED')
  addUpdate(@Param('id', ParseIdPipe) id: string, @Body() dto: CreateUpdateDto, @CurrentActor() actor: Actor): Promise<CooperationUpdateDto> {
    return this.implementation.addUpdate(actor, id, dto);
  }

  @Get('updates')
  @ApiOperation({ summary: 'Status updates, newest first' })
  @ApiOkResponse({ type: UpdateListDto })
  @ApiProblems(...READ)
  async listUpdates(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<UpdateListDto> {
    return { items: await this.implementation.listUpdates(actor, id) };
  }

  @Post('milestones')
  @ApiOperation({ summary: 'Plan a milestone (either party, while agreed or active)' })
  @ApiCreatedResponse({ type: MilestoneDto })
  @ApiProblems(...WRITE, 'MONEY_NOT_ALLOWED')
  addMilestone(@Param('id', ParseIdPipe) id: string, @Body() dto: CreateMilestoneDto, @CurrentActor() actor: Actor): Promise<MilestoneDto> {
    return this.implementation.addMilestone(actor, id, dto);
  }

  @Get('milestones')
  @ApiOperation({ summary: 'Milestones by due date' })
  @ApiOkResponse({ type: MilestoneListDto })
  @ApiProblems(...READ)
  async listMilestones(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<MilestoneListDto> {
    return { items: await this.implementation.listMilestones(actor, id) };
  }

  @Post('milestones/:mid/done')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a milestone done (either party; again is a no-op)' })
  @ApiOkResponse({ type: MilestoneDto })
  @ApiProblems(...WRITE, 'MILESTONE_NOT_FOUND')
  milestoneDone(@Param('id', ParseIdPipe) id: string, @Param('mid', ParseIdPipe) mid: string, @CurrentActor() actor: Actor): Promise<MilestoneDto> {
    return this.implementation.milestoneDone(actor, id, mid);
  }

  @Post('deliveries')
  @ApiOperation({
    summary: 'Record hours and goods actually delivered (the side that delivered)',
    description:
      'The company records its Leistung (side company), the nonprofit its Gegenleistung (side nonprofit); the side is the actor\'s. ' +
      'A quantity needs a unit; money is never delivered (422 MONEY_NOT_ALLOWED). While agreed, active or completed.',
  })
  @ApiCreatedResponse({ type: DeliveryDto })
  @ApiProblems(...WRITE, 'MONEY_NOT_ALLOWED')
  addDelivery(@Param('id', ParseIdPipe) id: string, @Body() dto: CreateDeliveryDto, @CurrentActor() actor: Actor): Promise<DeliveryDto> {
    return this.implementation.addDelivery(actor, id, dto);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'What was delivered, by date' })
  @ApiOkResponse({ type: DeliveryListDto })
  @ApiProblems(...READ)
  async listDeliveries(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<DeliveryListDto> {
    return { items: await this.implementation.listDeliveries(actor, id) };
  }

  @Get('deliveries/summary')
  @ApiOperation({ summary: 'Agreed against delivered (hours, quantity in the agreed unit) and whether the Gegenleistung was delivered' })
  @ApiOkResponse({ type: DeliverySummaryDto })
  @ApiProblems(...READ)
  summary(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<DeliverySummaryDto> {
    return this.implementation.summary(actor, id);
  }

  @Post('deliveries/:did/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a delivery (the receiving side; again is a no-op)' })
  @ApiOkResponse({ type: DeliveryDto })
  @ApiProblems(...WRITE, 'DELIVERY_NOT_FOUND')
  confirmDelivery(@Param('id', ParseIdPipe) id: string, @Param('did', ParseIdPipe) did: string, @CurrentActor() actor: Actor): Promise<DeliveryDto> {
    return this.implementation.confirmDelivery(actor, id, did);
  }
}
