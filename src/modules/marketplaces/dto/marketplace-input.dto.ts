import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsoDateTime } from '../../../common/http/iso-date';
import { Optional } from '../../../common/http/optional';
import { PageQueryDto, toInt } from '../../../common/http/pagination';
import { MARKETPLACE_STATUSES, type MarketplaceStatus } from '../marketplace.machine';
import { EX_ID, EX_NAME, EX_TEXT, EX_TIME } from '../../../common/examples';

/** What can change on a draft or open marketplace (PATCH). */
export class UpdateMarketplaceDto {
  @ApiPropertyOptional({ example: EX_NAME.marketplace })
  @Optional() @IsString() @MinLength(3) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: EX_TEXT.marketplacePlace })
  @Optional() @IsString() @MaxLength(500)
  place?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: EX_TIME.marketplaceStarts })
  @Optional() @IsoDateTime()
  startsAt?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: EX_TIME.marketplaceEnds, description: 'After startsAt (90-120 minutes later is typical).' })
  @Optional() @IsoDateTime()
  endsAt?: Date;

  @ApiPropertyOptional({ minimum: 2, maximum: 1000, example: 60, description: 'Organisations that can register before the waitlist starts.' })
  @Optional() @IsInt() @Min(2) @Max(1000)
  capacity?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, example: 20 })
  @Optional() @IsInt() @Min(1) @Max(500)
  tables?: number;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 48, nullable: true, example: 6, description: 'Number of 1:1 meeting slots (null: no pre-arranged meetings).' })
  @IsOptional() @IsInt() @Min(1) @Max(48)
  slotCount?: number | null;

  @ApiPropertyOptional({ type: Number, minimum: 5, maximum: 120, nullable: true, example: 15 })
  @IsOptional() @IsInt() @Min(5) @Max(120)
  slotMinutes?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, example: EX_TIME.firstSlot })
  @IsOptional() @IsoDateTime()
  firstSlotAt?: Date | null;
}

export class CreateMarketplaceDto extends UpdateMarketplaceDto {
  @ApiProperty({ type: [String], format: 'uuid', example: [EX_ID.quarter, EX_ID.quarter2], description: 'The Quartiere it is for (one, or small neighbours merged).' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  quarterIds: string[];

  @ApiProperty({ example: EX_NAME.marketplace })
  @IsString() @MinLength(3) @MaxLength(200)
  declare name: string;

  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.marketplaceStarts })
  @IsoDateTime()
  declare startsAt: Date;

  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.marketplaceEnds })
  @IsoDateTime()
  declare endsAt: Date;

  @ApiProperty({ minimum: 2, maximum: 1000, example: 60 })
  @IsInt() @Min(2) @Max(1000)
  declare capacity: number;

  @ApiProperty({ minimum: 1, maximum: 500, example: 20 })
  @IsInt() @Min(1) @Max(500)
  declare tables: number;
}

export class MarketplaceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.borough, description: 'Events of this district and its descendants.' })
  @IsOptional() @IsUUID()
  districtId?: string;

  @ApiPropertyOptional({ enum: MARKETPLACE_STATUSES, example: 'open', description: 'Default: every status but draft and cancelled. Drafts are listed for their organisers and admins only.' })
  @IsOptional() @IsIn(MARKETPLACE_STATUSES)
  status?: MarketplaceStatus;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2027-04-01T00:00:00.000Z', description: 'Events starting at or after (default: events that have not ended yet).' })
  @IsOptional() @IsoDateTime()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2027-07-01T00:00:00.000Z', description: 'Events starting before.' })
  @IsOptional() @IsoDateTime()
  to?: Date;
}

export class CreateRegistrationDto {
  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.nonprofit, description: 'Admins only: the organisation to register (members register their own).' })
  @IsOptional() @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', example: [EX_ID.need2], description: "The organisation's own published needs it brings." })
  @Optional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  needIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', example: [], description: "The organisation's own published offers it brings." })
  @Optional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  offerIds?: string[];

  @ApiPropertyOptional({ default: false, example: true, description: 'Opt-in: shown on the public participant list (privacy by default).' })
  @Optional() @IsBoolean()
  listedPublicly?: boolean;

  @ApiPropertyOptional({ type: [Number], example: [5], description: 'Slots (0-based) the organisation cannot meet in (arrives late, leaves early).' })
  @Optional() @IsArray() @ArrayMaxSize(48) @ArrayUnique() @IsInt({ each: true }) @Min(0, { each: true }) @Max(47, { each: true })
  unavailableSlots?: number[];
}

export class RegistrationQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 500, example: 500 })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  limit?: number;
}
