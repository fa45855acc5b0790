import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
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

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Public events (needs, offers, marketplaces) only from this district and below; events concerning your organisation always come.' })
  @IsOptional() @IsUUID()
  districtId?: string | null;

  @ApiPropertyOptional({ maxLength: 500, example: 'CRM der Freiwilligenagentur' })
  @Optional() @IsString() @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2048, description: 'Checked like a new subscription\'s.' })
  @Optional() @IsString() @MinLength(1) @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ type: String, isArray: true, enum: EVENT_TYPE_PATTERNS, description: EVENT_TYPES_DESCRIPTION })
  @Optional() @ArrayMinSize(1) @ArrayMaxSize(40) @ArrayUnique() @IsIn(EVENT_TYPE_PATTERNS, { each: true })
  eventTypes?: EventTypePattern[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null: public events from everywhere.' })
  @IsOptional() @IsUUID()
  districtId?: string | null;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional() @IsString() @MaxLength(500)
  description?: string;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 168, default: 24, description: 'Hours during which deliveries are signed with the old secret too (a second v1 signature), so the receiver can switch without losing any.' })
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(168)
  graceHours?: number;
}

export class WebhookQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Admins: one organisation's subscriptions (others always see their own organisation's)." })
  @IsOptional() @IsUUID()
  organisationId?: string;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The organisation it belongs to; its members (and API keys with webhooks:manage) manage it.' }) organisationId: string;
  @ApiProperty() url: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, isArray: true, enum: EVENT_TYPE_PATTERNS }) eventTypes: EventTypePattern[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) districtId: string | null;
  @ApiProperty({ enum: WEBHOOK_STATUSES, description: 'disabled: by hand, or after repeated failure (see disabledReason); enable it again with POST …/enable.' }) status: WebhookStatus;
  @ApiProperty({ minimum: 0, description: 'Event deliveries that failed for good in a row.' }) consecutiveFailures: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) disabledReason: string | null;
  @ApiProperty({ example: 'whsec_…4f2Q', description: 'The end of the secret, to tell which one you have.' }) secretHint: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'After a rotation: the old secret signs along until then.' }) previousSecretExpiresAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({ example: 'whsec_3q2-7wEXAMPLEq8Jx1lQk5Zr0uT4b9Gf2NcVdYh6Ms', description: 'The signing secret: shown only now (and after a rotation). Verify each delivery with it.' })
  secret: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: WebhookDto, isArray: true, description: 'Oldest first.' }) items: WebhookDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional() @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class DeliveryAttemptDto {
  @ApiProperty({ minimum: 1 }) attempt: number;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: Date;
  @ApiProperty({ minimum: 0, description: 'Until the response status arrived (or the attempt gave up), ms.' }) latencyMs: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null: no response (refused, unreachable, timeout).' }) statusCode: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The first KiB of the response body.' }) responseExcerpt: string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ description: '2xx.' }) success: boolean;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'Also the Marktplatz-Delivery-Id header.' }) id: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The event delivered (Marktplatz-Event-Id); null for a ping.' }) eventId: string | null;
  @ApiProperty({ example: 'cooperation.accepted', description: 'The event type, or ping.' }) eventType: string;
  @ApiProperty({ enum: DELIVERY_KINDS, description: 'event: retried with backoff over about a day; ping and redelivery: one attempt.' }) kind: DeliveryKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For a redelivery: the delivery it repeats.' }) redeliveryOf: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty({ minimum: 0 }) attemptsMade: number;
  @ApiProperty({ minimum: 1 }) maxAttempts: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt: Date | null;
  @ApiProperty({ type: Number, nullable: true }) lastStatusCode: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: DeliveryAttemptDto, isArray: true, description: 'Every attempt, first first.' }) attempts: DeliveryAttemptDto[];
}

export class DeliveryPageDto {
  @ApiProperty({ type: DeliveryDto, isArray: true, description: 'Newest first.' }) items: DeliveryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
