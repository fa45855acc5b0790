import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { EX_ID, EX_TIME } from '../../../common/examples';
import { Optional } from '../../../common/http/optional';
import { PageQueryDto, toInt } from '../../../common/http/pagination';
import { EVENT_TYPE_PATTERNS, type EventTypePattern } from '../../events/event-types';
import { DELIVERY_KINDS, DELIVERY_STATUSES, WEBHOOK_STATUSES, type DeliveryKind, type DeliveryStatus, type WebhookStatus } from '../webhook.entity';

const EVENT_TYPES_DESCRIPTION = `Event types, or \`<family>.*\` for all of a family (\`cooperation.*\`, \`marketplace.*\`). One of: ${EVENT_TYPE_PATTERNS.join(', ')}.`;

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://crm.freiwilligenagentur.example/hooks/marktplatz',
    maxLength: 2048,
    description: 'Where deliveries are POSTed: https, resolving to public addresses only (loopback, private, link-local and metadata addresses are refused unless the operator permits them).',
  })
  @IsString() @MinLength(1) @MaxLength(2048)
  url: string;

  @ApiProperty({ type: String, isArray: true, enum: EVENT_TYPE_PATTERNS, example: ['need.published', 'cooperation.*'], description: EVENT_TYPES_DESCRIPTION })
  @ArrayMinSize(1) @ArrayMaxSize(40) @ArrayUnique() @IsIn(EVENT_TYPE_PATTERNS, { each: true })
  eventTypes: EventTypePattern[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Public events (needs, offers, marketplaces) only from this district and below; events concerning your organisation always come.', example: EX_ID.borough })
  @IsOptional() @IsUUID()
  districtId?: string | null;

  @ApiPropertyOptional({ maxLength: 500, example: 'CRM der Freiwilligenagentur' })
  @Optional() @IsString() @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2048, description: 'Checked like a new subscription\'s.', example: 'https://crm.freiwilligenagentur.example/hooks/marktplatz-v2' })
  @Optional() @IsString() @MinLength(1) @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ type: String, isArray: true, enum: EVENT_TYPE_PATTERNS, description: EVENT_TYPES_DESCRIPTION, example: ['need.published', 'match.created', 'cooperation.*'] })
  @Optional() @ArrayMinSize(1) @ArrayMaxSize(40) @ArrayUnique() @IsIn(EVENT_TYPE_PATTERNS, { each: true })
  eventTypes?: EventTypePattern[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null: public events from everywhere.', example: EX_ID.borough })
  @IsOptional() @IsUUID()
  districtId?: string | null;

  @ApiPropertyOptional({ maxLength: 500, example: 'CRM der Freiwilligenagentur (neu)' })
  @Optional() @IsString() @MaxLength(500)
  description?: string;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 168, default: 24, example: 24, description: 'Hours during which deliveries are signed with the old secret too (a second v1 signature), so the receiver can switch without losing any.' })
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(168)
  graceHours?: number;
}

export class WebhookQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Admins: one organisation's subscriptions (others always see their own organisation's).", example: EX_ID.nonprofit })
  @IsOptional() @IsUUID()
  organisationId?: string;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' , example: EX_ID.webhook }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The organisation it belongs to; its members (and API keys with webhooks:manage) manage it.' , example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ example: 'https://crm.freiwilligenagentur.example/hooks/marktplatz' }) url: string;
  @ApiProperty({ example: 'CRM der Freiwilligenagentur' }) description: string;
  @ApiProperty({ type: String, isArray: true, enum: EVENT_TYPE_PATTERNS , example: ['need.published', 'cooperation.*'] }) eventTypes: EventTypePattern[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true , example: EX_ID.borough }) districtId: string | null;
  @ApiProperty({ enum: WEBHOOK_STATUSES, description: 'disabled: by hand, or after repeated failure (see disabledReason); enable it again with POST …/enable.' , example: 'active' }) status: WebhookStatus;
  @ApiProperty({ minimum: 0, description: 'Event deliveries that failed for good in a row.' , example: 0 }) consecutiveFailures: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true , example: null }) disabledAt: Date | null;
  @ApiProperty({ type: String, nullable: true , example: null }) disabledReason: string | null;
  @ApiProperty({ example: 'whsec_…4f2Q', description: 'The end of the secret, to tell which one you have.' }) secretHint: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'After a rotation: the old secret signs along until then.' , example: null }) previousSecretExpiresAt: Date | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: String, format: 'date-time' , example: EX_TIME.apiClientCreated }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' , example: EX_TIME.apiClientCreated }) updatedAt: Date;
}

export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({ example: 'whsec_3q2-7wEXAMPLEq8Jx1lQk5Zr0uT4b9Gf2NcVdYh6Ms', description: 'The signing secret: shown only now (and after a rotation). Verify each delivery with it.' })
  secret: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: WebhookDto, isArray: true, description: 'Oldest first.' }) items: WebhookDto[];
  @ApiProperty({ type: String, nullable: true , example: null }) nextCursor: string | null;
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, example: 'failed' })
  @IsOptional() @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class DeliveryAttemptDto {
  @ApiProperty({ minimum: 1 , example: 1 }) attempt: number;
  @ApiProperty({ type: String, format: 'date-time' , example: EX_TIME.accepted }) startedAt: Date;
  @ApiProperty({ minimum: 0, description: 'Until the response status arrived (or the attempt gave up), ms.' , example: 184 }) latencyMs: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null: no response (refused, unreachable, timeout).' , example: 200 }) statusCode: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The first KiB of the response body.' , example: 'ok' }) responseExcerpt: string | null;
  @ApiProperty({ type: String, nullable: true , example: null }) error: string | null;
  @ApiProperty({ description: '2xx.' , example: true }) success: boolean;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'Also the Marktplatz-Delivery-Id header.' , example: EX_ID.webhookDelivery }) id: string;
  @ApiProperty({ format: 'uuid' , example: EX_ID.webhook }) subscriptionId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The event delivered (Marktplatz-Event-Id); null for a ping.' , example: EX_ID.event }) eventId: string | null;
  @ApiProperty({ example: 'cooperation.accepted', description: 'The event type, or ping.' }) eventType: string;
  @ApiProperty({ enum: DELIVERY_KINDS, description: 'event: retried with backoff over about a day; ping and redelivery: one attempt.' , example: 'event' }) kind: DeliveryKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For a redelivery: the delivery it repeats.' , example: null }) redeliveryOf: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES , example: 'delivered' }) status: DeliveryStatus;
  @ApiProperty({ minimum: 0 , example: 1 }) attemptsMade: number;
  @ApiProperty({ minimum: 1 , example: 8 }) maxAttempts: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true , example: null }) nextAttemptAt: Date | null;
  @ApiProperty({ type: Number, nullable: true , example: 200 }) lastStatusCode: number | null;
  @ApiProperty({ type: String, nullable: true , example: null }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true , example: EX_TIME.accepted }) deliveredAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true , example: null }) failedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' , example: EX_TIME.accepted }) createdAt: Date;
  @ApiProperty({ type: DeliveryAttemptDto, isArray: true, description: 'Every attempt, first first.' }) attempts: DeliveryAttemptDto[];
}

export class DeliveryPageDto {
  @ApiProperty({ type: DeliveryDto, isArray: true, description: 'Newest first.' }) items: DeliveryDto[];
  @ApiProperty({ type: String, nullable: true , example: null }) nextCursor: string | null;
}
