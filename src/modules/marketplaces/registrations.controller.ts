import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public } from '../auth/decorators';
import { CreateRegistrationDto } from './dto/marketplace-input.dto';
import { MarketplaceHistoryDto, ParticipantListDto, RegistrationDto, RegistrationListDto } from './dto/marketplace.dto';
import { RegistrationsService } from './registrations.service';
import { ApiScope } from '../auth/scopes';

/** Anmeldungen zum Marktplatz: registration, waitlist, cancellation, the public participant list and check-in. */
@ApiTags('marketplaces')
@ApiBearerAuth()
@Controller({ path: 'marketplaces/:id', version: '1' })
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Post('registrations')
  @ApiScope('marketplaces')
  @ApiOperation({
    summary: 'Register your organisation (members; admins name organisationId) while the marketplace is open',
    description:
      'Registered while places are free (capacity counts registered organisations), else waitlisted with a position. ' +
      'Sending it again updates what you bring (200). listedPublicly is an opt-in (default false).',
  })
  @ApiCreatedResponse({ type: RegistrationDto })
  @ApiOkResponse({ type: RegistrationDto, description: 'Already registered or waitlisted: updated.' })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'REGISTRATION_CLOSED')
  async register(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: CreateRegistrationDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegistrationDto> {
    const { registration, created } = await this.registrations.register(actor, id, dto);
    res.status(created ? 201 : 200);
    res.setHeader('Location', `/v1/marketplaces/${id}/registrations/${registration.organisationId}`);
    return this.registrations.toDto(await this.registrations.withOrganisation(registration), null);
  }

  @Get('registrations')
  @ApiScope('marketplaces')
  @ApiOperation({ summary: "Registrations: organisers and admins see all (with each organisation's earlier no-shows), the event's brokers all (without), members their own" })
  @ApiOkResponse({ type: RegistrationListDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'MARKETPLACE_NOT_FOUND')
  async list(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<RegistrationListDto> {
    return { items: await this.registrations.list(actor, id) };
  }

  @Delete('registrations/:organisationId')
  @ApiScope('marketplaces')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a registration (its members, organisers, admins) while open; the first on the waitlist moves up' })
  @ApiOkResponse({ type: RegistrationDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'REGISTRATION_NOT_FOUND', 'REGISTRATION_CLOSED')
  async cancel(@Param('id', ParseIdPipe) id: string, @Param('organisationId', ParseIdPipe) organisationId: string, @CurrentActor() actor: Actor): Promise<RegistrationDto> {
    return this.registrations.toDto(await this.registrations.withOrganisation(await this.registrations.cancel(actor, id, organisationId)), null);
  }

  @Post('registrations/:organisationId/check-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a registered organisation in on the day (organisers, brokers, admins; marketplace running); idempotent' })
  @ApiOkResponse({ type: RegistrationDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'REGISTRATION_NOT_FOUND', 'CHECK_IN_NOT_POSSIBLE')
  async checkIn(@Param('id', ParseIdPipe) id: string, @Param('organisationId', ParseIdPipe) organisationId: string, @CurrentActor() actor: Actor): Promise<RegistrationDto> {
    return this.registrations.toDto(await this.registrations.withOrganisation(await this.registrations.checkIn(actor, id, organisationId)), null);
  }

  @Get('participants')
  @ApiScope('marketplaces')
  @Public()
  @ApiOperation({ summary: 'Public participant list: registered organisations that opted in (listedPublicly)' })
  @ApiOkResponse({ type: ParticipantListDto })
  @ApiProblems('VALIDATION_FAILED', 'MARKETPLACE_NOT_FOUND')
  async participants(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor | undefined): Promise<ParticipantListDto> {
    return { items: await this.registrations.participants(actor, id) };
  }
}

/** An organisation's record at marketplaces (attended, no-shows): for organisers planning later rounds. */
@ApiTags('marketplaces')
@ApiBearerAuth()
@ApiScope('marketplaces')
@Controller({ path: 'organisations/:id/marketplace-history', version: '1' })
export class MarketplaceHistoryController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Get()
  @ApiOperation({ summary: "An organisation's marketplaces: registrations, check-ins and no-shows (its members, organisers of its district, admins)" })
  @ApiOkResponse({ type: MarketplaceHistoryDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND')
  history(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<MarketplaceHistoryDto> {
    return this.registrations.history(actor, id);
  }
}
