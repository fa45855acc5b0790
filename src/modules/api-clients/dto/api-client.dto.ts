import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsoDateTime } from '../../../common/http/iso-date';
import { Optional } from '../../../common/http/optional';
import { PageQueryDto } from '../../../common/http/pagination';
import { GRANTABLE_SCOPES } from '../../auth/scopes';
import { EX_ID, EX_TIME, exCursor } from '../../../common/examples';

export const MAX_RATE_LIMIT_PER_MINUTE = 100_000;
export const MAX_GRACE_HOURS = 168;

export class CreateApiClientDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Freiwilligenagentur Stuttgart: Bedarfe-Import' })
  @IsString() @MinLength(1) @MaxLength(100)
  name: string;

  @ApiProperty({
    enum: GRANTABLE_SCOPES,
    isArray: true,
    example: ['needs:*', 'matches:read', 'events:read'],
    description: '`<family>:read` for GET, `<family>:write` for the rest, `<family>:*` for both; `events:read` and `webhooks:manage` stand alone.',
  })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(GRANTABLE_SCOPES.length) @ArrayUnique() @IsIn(GRANTABLE_SCOPES, { each: true })
  scopes: string[];

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    isArray: true,
    example: [EX_ID.nonprofit],
    description: "The organisations its keys act for. Members: their own organisation (the default; nothing else). Platform admins: required, one or more.",
  })
  @Optional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ArrayUnique() @IsUUID('all', { each: true })
  organisationIds?: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2027-12-31T23:00:00.000Z', description: 'After this instant every key of the client is refused (401 API_KEY_EXPIRED).' })
  @Optional() @IsoDateTime()
  expiresAt?: Date;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_RATE_LIMIT_PER_MINUTE,
    example: 300,
    description: 'Requests per minute; default API_KEY_RATE_LIMIT_PER_MINUTE. Members may only set a lower limit, admins any.',
  })
  @Optional() @IsInt() @Min(1) @Max(MAX_RATE_LIMIT_PER_MINUTE)
  rateLimitPerMinute?: number;
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_GRACE_HOURS, default: 24, example: 24, description: 'How long the current keys keep working (0: refused at once).' })
  @Optional() @IsInt() @Min(0) @Max(MAX_GRACE_HOURS)
  graceHours?: number;
}

export class ApiClientQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.nonprofit, description: 'Admins: only clients acting for this organisation.' })
  @IsOptional() @IsUUID()
  organisationId?: string;
}

export class AuditQueryDto extends PageQueryDto {}

export const API_KEY_STATUSES = ['active', 'expiring', 'expired', 'revoked'] as const;
export const API_CLIENT_STATUSES = ['active', 'expired', 'revoked'] as const;

export class ApiKeyInfoDto {
  @ApiProperty({ example: '3f9a0c1b', description: 'The visible part of the key: mpk_<prefix>_…' }) prefix: string;
  @ApiProperty({ enum: API_KEY_STATUSES, example: 'active', description: 'expiring: replaced by a rotation, still valid until expiresAt.' }) status: (typeof API_KEY_STATUSES)[number];
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.apiClientCreated }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'End of the grace period after a rotation.' }) expiresAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) revokedAt: Date | null;
}

export class ApiClientDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.apiClient }) id: string;
  @ApiProperty({ example: 'Freiwilligenagentur Stuttgart: Bedarfe-Import' }) name: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null, description: 'The organisation whose members manage it; null for a platform client (admins).' })
  ownerOrganisationId: string | null;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, example: [EX_ID.nonprofit] }) organisationIds: string[];
  @ApiProperty({ enum: GRANTABLE_SCOPES, isArray: true, example: ['needs:*', 'matches:read', 'events:read'] }) scopes: string[];
  @ApiProperty({ type: Number, nullable: true, example: 300, description: 'null: the default (API_KEY_RATE_LIMIT_PER_MINUTE).' }) rateLimitPerMinute: number | null;
  @ApiProperty({ example: 300, description: 'The limit in force (requests per minute).' }) effectiveRateLimitPerMinute: number;
  @ApiProperty({ enum: API_CLIENT_STATUSES, example: 'active' }) status: (typeof API_CLIENT_STATUSES)[number];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2027-12-31T23:00:00.000Z' }) expiresAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) revokedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.admin, description: 'The user who made it; records written with its keys name this user. null once that account was deleted (which revoked the client).' }) createdByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.apiCall, description: 'The last call with one of its keys.' }) lastUsedAt: Date | null;
  @ApiProperty({ type: ApiKeyInfoDto, isArray: true, description: 'Its keys, newest first (never the secret).' }) keys: ApiKeyInfoDto[];
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.apiClientCreated }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.apiClientCreated }) updatedAt: Date;
}

export class ApiClientWithKeyDto extends ApiClientDto {
  @ApiProperty({
    example: 'mpk_3f9a0c1b_Jm4w0d2Qb0p5kq7YVxg3nF6cR1sT8uW2yZ9aB4eH6iK',
    description: 'The new key: shown in this response only, never again. Send it as X-API-Key.',
  })
  key: string;
}

export class ApiClientPageDto {
  @ApiProperty({ type: ApiClientDto, isArray: true }) items: ApiClientDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('-createdAt', EX_TIME.apiClientCreated, EX_ID.apiClient) }) nextCursor: string | null;
}

export class ApiAuditEntryDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.auditEntry }) id: string;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.apiCall }) at: Date;
  @ApiProperty({ example: '3f9a0c1b' }) keyPrefix: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofit, description: 'The organisation the call acted for.' }) organisationId: string | null;
  @ApiProperty({ example: 'POST' }) method: string;
  @ApiProperty({ example: '/v1/needs', description: 'The route pattern.' }) route: string;
  @ApiProperty({ example: '/v1/needs' }) path: string;
  @ApiProperty({ example: 'NeedsController.create' }) handler: string;
  @ApiProperty({ type: String, nullable: true, example: 'need', description: 'The record created or named by the route.' }) recordType: string | null;
  @ApiProperty({ type: String, nullable: true, example: EX_ID.need }) recordId: string | null;
  @ApiProperty({ example: 201 }) status: number;
  @ApiProperty({ type: String, nullable: true, example: EX_ID.request }) requestId: string | null;
}

export class ApiAuditPageDto {
  @ApiProperty({ type: ApiAuditEntryDto, isArray: true }) items: ApiAuditEntryDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('-at', EX_TIME.apiCall, EX_ID.auditEntry) }) nextCursor: string | null;
}
