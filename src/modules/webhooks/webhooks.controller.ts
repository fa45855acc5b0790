import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { setEtag } from '../../common/http/etag';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { ApiScope } from '../auth/scopes';
import { NoIdempotencyKey } from '../idempotency/idempotency.decorator';
import {
  CreateWebhookDto,
  DeliveryDto,
  DeliveryPageDto,
  DeliveryQueryDto,
  RotateSecretDto,
  UpdateWebhookDto,
  WebhookDto,
  WebhookPageDto,
  WebhookQueryDto,
  WebhookWithSecretDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag from a previous read; 412 when stale.' };

/**
 * Webhook subscriptions of an organisation (members and its API keys with webhooks:manage):
 * signed deliveries of the change feed's events, retried over about a day, with a delivery log.
 */
/** The response shows the signing secret once: it is never stored, so a retry cannot replay it. */
const SECRET_ONCE = 'The response shows the signing secret once; it is never stored, so it cannot be replayed: list the subscriptions before retrying.';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiScope('webhooks:manage')
@Controller({ path: 'webhooks', version: '1' })
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @NoIdempotencyKey(SECRET_ONCE)
  @ApiOperation({
    summary: 'Subscribe a URL to events (members of the organisation)',
    description:
      'The answer carries the signing secret, shown only this once (and after a rotation). Every delivery is a POST with the event as JSON ' +
      '(the change feed\'s item), signed: `Marktplatz-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, plus ' +
      '`Marktplatz-Event-Id` (drop duplicates by it: delivery is at least once), `Marktplatz-Event-Type`, `Marktplatz-Delivery-Id`. ' +
      'The URL must be https and resolve to public addresses (422 WEBHOOK_URL_NOT_ALLOWED otherwise).',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'WEBHOOK_URL_NOT_ALLOWED')
  async create(@Body() dto: CreateWebhookDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<WebhookWithSecretDto> {
    const created = await this.webhooks.create(actor, dto);
    res.setHeader('Location', `/v1/webhooks/${created.id}`);
    setEtag(res, created.version);
    return created;
  }

  @Get()
  @ApiOperation({ summary: "Your organisation's webhook subscriptions (admins: all, or one organisation's)" })
  @ApiOkResponse({ type: WebhookPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED')
  list(@Query() query: WebhookQueryDto, @CurrentActor() actor: Actor): Promise<WebhookPageDto> {
    return this.webhooks.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscription (its organisation\'s members, admins)' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'WEBHOOK_NOT_FOUND')
  async get(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<WebhookDto> {
    const sub = await this.webhooks.get(actor, id);
    setEtag(res, sub.version);
    return this.webhooks.toDto(sub);
  }

  @Patch(':id')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Change the URL, the event types, the district filter or the description' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'WEBHOOK_NOT_FOUND', 'PRECONDITION_FAILED', 'WEBHOOK_URL_NOT_ALLOWED')
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateWebhookDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WebhookDto> {
    const sub = await this.webhooks.update(actor, id, dto, ifMatch);
    setEtag(res, sub.version);
    return this.webhooks.toDto(sub);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Delete the subscription and its delivery log' })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'WEBHOOK_NOT_FOUND', 'PRECONDITION_FAILED')
  async remove(@Param('id', ParseIdPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<void> {
    await this.webhooks.remove(actor, id, ifMatch);
  }

  @Post(':id/rotate-secret')
  @NoIdempotencyKey(SECRET_ONCE)
  @HttpCode(200)
  @ApiOperation({
    summary: 'A new signing secret (shown once); the old one keeps signing for graceHours (default 24)',
    description: 'During the grace period every delivery carries two v1 signatures, one per secret, so the receiver can switch at any time.',
  })
  @ApiOkResponse({ type: WebhookWithSecretDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'WEBHOOK_NOT_FOUND')
  rotate(@Param('id', ParseIdPipe) id: string, @Body() dto: RotateSecretDto, @CurrentActor() actor: Actor): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(actor, id, dto);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled subscription (the failure count starts again); events that happened meanwhile are in the change feed' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'WEBHOOK_NOT_FOUND')
  async enable(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<WebhookDto> {
    return this.webhooks.toDto(await this.webhooks.setStatus(actor, id, 'active'));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable the subscription: nothing is delivered until it is enabled again' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'WEBHOOK_NOT_FOUND')
  async disable(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<WebhookDto> {
    return this.webhooks.toDto(await this.webhooks.setStatus(actor, id, 'disabled'));
  }

  @Post(':id/ping')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a signed `ping` event to the URL once (also while disabled); read the result in the delivery',
    description: 'Answers 202 with the new delivery; GET …/deliveries/{deliveryId} shows its attempt once made.',
  })
  @ApiAcceptedResponse({ type: DeliveryDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'WEBHOOK_NOT_FOUND')
  ping(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<DeliveryDto> {
    return this.webhooks.ping(actor, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log, newest first: each delivery with every attempt (status code, latency, the first KiB of the response, the error)' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED', 'WEBHOOK_NOT_FOUND')
  deliveries(@Param('id', ParseIdPipe) id: string, @Query() query: DeliveryQueryDto, @CurrentActor() actor: Actor): Promise<DeliveryPageDto> {
    return this.webhooks.listDeliveries(actor, id, query);
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiOperation({ summary: 'One delivery with its attempts' })
  @ApiOkResponse({ type: DeliveryDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'WEBHOOK_NOT_FOUND', 'WEBHOOK_DELIVERY_NOT_FOUND')
  delivery(@Param('id', ParseIdPipe) id: string, @Param('deliveryId', ParseIdPipe) deliveryId: string, @CurrentActor() actor: Actor): Promise<DeliveryDto> {
    return this.webhooks.delivery(actor, id, deliveryId);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again (one attempt, at once): a new delivery with the same event id, so receivers recognise it' })
  @ApiAcceptedResponse({ type: DeliveryDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'WEBHOOK_NOT_FOUND', 'WEBHOOK_DELIVERY_NOT_FOUND')
  redeliver(@Param('id', ParseIdPipe) id: string, @Param('deliveryId', ParseIdPipe) deliveryId: string, @CurrentActor() actor: Actor): Promise<DeliveryDto> {
    return this.webhooks.redeliver(actor, id, deliveryId);
  }
}
