import { Body, Controller, Get, Headers, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { setEtag } from '../../common/http/etag';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public } from '../auth/decorators';
import { UPDATE_ORGANISATION_EXAMPLES, UpdateOrganisationDto } from './dto/organisation-input.dto';
import { OrganisationQueryDto } from './dto/organisation-query.dto';
import { OrganisationDto, OrganisationPageDto } from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';
import { ApiScope } from '../auth/scopes';

@ApiTags('organisations')
@ApiScope('organisations')
@Controller({ path: 'organisations', version: '1' })
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Browse organisations (public profiles; contact details for signed-in users)' })
  @ApiOkResponse({ type: OrganisationPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'DISTRICT_NOT_FOUND')
  async list(@Query() query: OrganisationQueryDto, @CurrentActor() actor?: Actor): Promise<OrganisationPageDto> {
    const page = await this.organisations.list(query);
    return { items: page.items.map((o) => this.organisations.toDto(o, !!actor)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'An organisation\'s profile, with its completeness (UPJ step 1)' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems('VALIDATION_FAILED', 'ORGANISATION_NOT_FOUND')
  async get(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) res: Response, @CurrentActor() actor?: Actor): Promise<OrganisationDto> {
    const org = await this.organisations.get(id);
    setEtag(res, org.version);
    return this.organisations.toDto(org, !!actor);
  }

  @Patch(':id')
  @ApiBearerAuth()
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read; 412 when stale.' })
  @ApiOperation({ summary: 'Describe your organisation (UPJ step 1); members of the organisation only' })
  @ApiBody({ type: UpdateOrganisationDto, examples: UPDATE_ORGANISATION_EXAMPLES })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND', 'PRECONDITION_FAILED')
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateOrganisationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationDto> {
    const org = await this.organisations.update(actor, id, dto, ifMatch);
    setEtag(res, org.version);
    return this.organisations.toDto(org, !!actor);
  }
}
