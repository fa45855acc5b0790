import { Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { BrokersService } from './brokers.service';
import { BrokerDto, BrokerListDto } from './dto/broker.dto';

/** Makler: users appointed by a marketplace's organisers to keep its notary desk and check participants in. */
@ApiTags('marketplaces')
@ApiBearerAuth()
@Controller({ path: 'marketplaces/:id/brokers', version: '1' })
export class BrokersController {
  constructor(private readonly brokers: BrokersService) {}

  @Put(':userId')
  @ApiOperation({
    summary: 'Appoint a user as broker (Makler) of this marketplace (its organisers, admins)',
    description:
      'Any existing user can be appointed; they need not belong to an organisation. A broker keeps the notary desk, checks participants in and reads the registrations of this marketplace only. ' +
      'Idempotent: 201 when appointed now, 200 when already a broker (unchanged). Until the marketplace is finished, reported or cancelled.',
  })
  @ApiCreatedResponse({ type: BrokerDto, description: 'Appointed.' })
  @ApiOkResponse({ type: BrokerDto, description: 'Already a broker.' })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'USER_NOT_FOUND', 'INVALID_TRANSITION')
  async appoint(
    @Param('id', ParseIdPipe) id: string,
    @Param('userId', ParseIdPipe) userId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BrokerDto> {
    const { broker, created } = await this.brokers.appoint(actor, id, userId);
    res.status(created ? 201 : 200);
    return broker;
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a broker (its organisers, admins)', description: 'Idempotent: a user who is not (or no longer) a broker answers 204 as well.' })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND')
  async remove(@Param('id', ParseIdPipe) id: string, @Param('userId', ParseIdPipe) userId: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.brokers.remove(actor, id, userId);
  }

  @Get()
  @ApiOperation({ summary: "The marketplace's brokers, with who appointed them and when (its organisers, admins)" })
  @ApiOkResponse({ type: BrokerListDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND')
  async list(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<BrokerListDto> {
    return { items: await this.brokers.list(actor, id) };
  }
}
