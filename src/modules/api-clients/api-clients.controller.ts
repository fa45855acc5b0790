import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { setEtag } from '../../common/http/etag';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { NoIdempotencyKey } from '../idempotency/idempotency.decorator';
import { ApiClientsService } from './api-clients.service';
import {
  ApiAuditPageDto,
  ApiClientDto,
  ApiClientPageDto,
  ApiClientQueryDto,
  ApiClientWithKeyDto,
  AuditQueryDto,
  CreateApiClientDto,
  RotateApiKeyDto,
} from './dto/api-client.dto';
/** The response shows a new key once: it is never stored, so a retry cannot replay it. */
const SECRET_ONCE = 'The response shows a new API key once; it is never stored, so it cannot be replayed: check GET /v1/api-clients before retrying.';

/**
 * API clients for partner integrations (issue 6). Users only: these routes carry no @ApiScope,
 * so no API key can reach them (a key cannot make, widen or revive keys).
 */
@ApiTags('api-clients')
@ApiBearerAuth()
@Controller({ path: 'api-clients', version: '1' })
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  @Post()
  @NoIdempotencyKey(SECRET_ONCE)
  @ApiOperation({
    summary: 'Make an API client with its first key (members for their own organisation; admins: platform clients for any organisations)',
    description: 'The key is in this response only (`key`), never again: store it in the partner system. Only its sha256 is kept.',
  })
  @ApiCreatedResponse({ type: ApiClientWithKeyDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN')
  async create(@Body() dto: CreateApiClientDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<ApiClientWithKeyDto> {
    const client = await this.clients.create(actor, dto);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Location', `/v1/api-clients/${client.id}`);
    setEtag(res, client.version);
    return client;
  }

  @Get()
  @ApiOperation({ summary: "API clients, newest first: your organisation's (admins: all, or those acting for organisationId)" })
  @ApiOkResponse({ type: ApiClientPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'FORBIDDEN')
  list(@Query() query: ApiClientQueryDto, @CurrentActor() actor: Actor): Promise<ApiClientPageDto> {
    return this.clients.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One API client with its keys (prefixes and status, never the secret)' })
  @ApiOkResponse({ type: ApiClientDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'API_CLIENT_NOT_FOUND')
  async get(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<ApiClientDto> {
    const client = await this.clients.get(actor, id);
    setEtag(res, client.version);
    return client;
  }

  @Post(':id/rotate')
  @NoIdempotencyKey(SECRET_ONCE)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate: a new key (in this response only); the current keys keep working for graceHours (default 24, 0: stop at once)',
  })
  @ApiOkResponse({ type: ApiClientWithKeyDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'API_CLIENT_NOT_FOUND', 'INVALID_TRANSITION')
  async rotate(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: RotateApiKeyDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ApiClientWithKeyDto> {
    const client = await this.clients.rotate(actor, id, dto.graceHours);
    res.setHeader('Cache-Control', 'no-store');
    setEtag(res, client.version);
    return client;
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke the client: every key is refused from the next request on (401 API_KEY_REVOKED); idempotent' })
  @ApiOkResponse({ type: ApiClientDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'API_CLIENT_NOT_FOUND')
  async revoke(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<ApiClientDto> {
    const client = await this.clients.revoke(actor, id);
    setEtag(res, client.version);
    return client;
  }

  @Get(':id/audit')
  @ApiOperation({ summary: 'The audit log: every call made with the client\'s keys, newest first (route, record, status, request id)' })
  @ApiOkResponse({ type: ApiAuditPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'FORBIDDEN', 'API_CLIENT_NOT_FOUND')
  audit(@Param('id', ParseIdPipe) id: string, @Query() query: AuditQueryDto, @CurrentActor() actor: Actor): Promise<ApiAuditPageDto> {
    return this.clients.audit(actor, id, query);
  }
}
