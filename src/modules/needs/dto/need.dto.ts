import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { EX_BADGE, EX_CURSOR, EX_ID, EX_NAME, EX_TEXT, EX_TIME } from '../../../common/examples';
import { Optional } from '../../../common/http/optional';
import { IsNotMoney } from '../../../common/http/validation';
import { ListingInputDto } from '../../listings/dto/listing-input.dto';
import { ListingDto } from '../../listings/dto/listing.dto';
import { NEED_ACTIONS, type NeedAction } from '../need.machine';
import { NEED_STATUSES, type NeedStatus } from '../need.entity';

export class CreateNeedDto extends ListingInputDto {
  @ApiProperty({ minimum: 1, maximum: 1000000, example: 10, description: 'How much is needed, in `unit`.' })
  @IsInt() @Min(1) @Max(1_000_000)
  quantity: number;

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.quarter, description: 'Where the need is (default: the organisation\'s home district).' })
  @Optional() @IsUUID()
  districtId?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Gegenleistung: what the nonprofit gives back for it.', example: EX_TEXT.giveBack })
  @Optional() @IsString() @MaxLength(2000) @IsNotMoney('text')
  giveBack?: string;
}

export class UpdateNeedDto extends PartialType(CreateNeedDto, { skipNullProperties: false }) {}

/** A need (Bedarf); the example: the Jugendhaus am Hallschlag needs helpers for its move. */
export class NeedDto extends ListingDto {
  @ApiProperty({ example: 10 }) quantity: number;
  @ApiProperty({ format: 'uuid', example: EX_ID.quarter }) districtId: string;
  @ApiProperty({ example: EX_TEXT.giveBack, description: 'Gegenleistung' }) giveBack: string;
  @ApiProperty({ enum: NEED_STATUSES, example: 'published' }) status: NeedStatus;
}

/** The need of the story as POST /v1/needs answers: a draft, published later. */
export const NEED_AS_CREATED = {
  id: EX_ID.need,
  organisationId: EX_ID.nonprofit,
  organisation: { id: EX_ID.nonprofit, name: EX_NAME.nonprofit, kind: 'nonprofit', verification: { ...EX_BADGE } },
  title: EX_NAME.needTitle,
  description: EX_TEXT.needDescription,
  category: 'time',
  tags: ['umzug', 'möbel', 'jugend', 'helfer'],
  unit: 'persons',
  quantity: 10,
  startsAt: EX_TIME.listingStarts,
  endsAt: EX_TIME.listingEnds,
  districtId: EX_ID.quarter,
  giveBack: EX_TEXT.giveBack,
  lat: 48.81531,
  lon: 9.20719,
  status: 'draft',
  publishedAt: null,
  allowedActions: ['publish', 'withdraw'],
  version: 1,
  createdAt: EX_TIME.needCreated,
  updatedAt: EX_TIME.needCreated,
} satisfies { [K in Exclude<keyof NeedDto, 'distanceKm'>]: unknown };

export class NeedPageDto {
  @ApiProperty({ type: NeedDto, isArray: true }) items: NeedDto[];
  @ApiProperty({ type: String, nullable: true, example: EX_CURSOR, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor: string | null;
}
