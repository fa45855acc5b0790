import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsIn, IsInt, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { GIVE_BACK_KINDS } from '../../../common/domain/vocabulary';
import { ApiExamples, EX_COMPANY_BADGE, EX_ID, EX_NAME, EX_TEXT, EX_TIME, exCursor } from '../../../common/examples';
import { Optional } from '../../../common/http/optional';
import { ListingInputDto } from '../../listings/dto/listing-input.dto';
import { ListingDto } from '../../listings/dto/listing.dto';
import { OFFER_STATUSES, type OfferStatus } from '../offer.entity';

const OFFER = {
  title: EX_NAME.offerTitle,
  description: EX_TEXT.offerDescription,
  category: 'time',
  tags: ['umzug', 'möbel', 'helfer', 'team'],
  unit: 'persons',
  startsAt: '2026-12-15T08:00:00.000Z',
  endsAt: '2027-06-30T17:00:00.000Z',
};

/** An offer (Angebot) as the Autohaus Remsblick publishes it. */
@ApiExamples(OFFER)
export class CreateOfferDto extends ListingInputDto {
  @ApiProperty({ minimum: 1, maximum: 1000000, example: 8, description: 'How much the company can give, in `unit`.' })
  @IsInt() @Min(1) @Max(1_000_000)
  capacity: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, maxItems: 50, example: [EX_ID.quarter, EX_ID.quarter2], description: 'Districts served, descendants included. Default: the company\'s home district (unless radiusKm is given).' })
  @Optional() @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  districtIds?: string[];

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0.1, maximum: 200, example: 3, description: 'Serves everything within this distance of the company, in km; null removes the radius.' })
  @IsOptional() @IsNumber() @Min(0.1) @Max(200)
  radiusKm?: number;

  @ApiPropertyOptional({ enum: GIVE_BACK_KINDS, isArray: true, example: ['visibility', 'team_event'], description: 'Gegenleistungen the company would like in return; matching prefers nonprofits that offer them. Default: none in particular.' })
  @Optional() @ArrayMaxSize(GIVE_BACK_KINDS.length) @ArrayUnique() @IsIn(GIVE_BACK_KINDS, { each: true })
  wantsInReturn?: string[];
}

export class UpdateOfferDto extends PartialType(CreateOfferDto, { skipNullProperties: false }) {}

/** An offer (Angebot); the example: the Autohaus Remsblick's team helps with moves. */
@ApiExamples({
  ...OFFER,
  id: EX_ID.offer,
  organisationId: EX_ID.company,
  organisation: { id: EX_ID.company, name: EX_NAME.company, kind: 'company', verification: EX_COMPANY_BADGE },
  lat: 48.79994,
  lon: 9.2125,
  publishedAt: EX_TIME.offerPublished,
  allowedActions: ['pause', 'exhaust', 'withdraw'],
  distanceKm: 0.6,
  createdAt: EX_TIME.offerCreated,
  updatedAt: EX_TIME.offerPublished,
})
export class OfferDto extends ListingDto {
  @ApiProperty({ example: 8 }) capacity: number;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, example: [EX_ID.quarter, EX_ID.quarter2] }) districtIds: string[];
  @ApiProperty({ type: Number, nullable: true, example: null, description: 'null: serves its districtIds only.' }) radiusKm: number | null;
  @ApiProperty({ enum: GIVE_BACK_KINDS, isArray: true, example: ['visibility', 'team_event'] }) wantsInReturn: string[];
  @ApiProperty({ format: 'uuid', example: EX_ID.quarter2, description: 'The company\'s home district.' }) homeDistrictId: string;
  @ApiProperty({ enum: OFFER_STATUSES, example: 'published' }) status: OfferStatus;
}

/** The offer of the story as POST /v1/offers answers: a draft, published later. */
export const OFFER_AS_CREATED = {
  ...OFFER,
  id: EX_ID.offer,
  organisationId: EX_ID.company,
  organisation: { id: EX_ID.company, name: EX_NAME.company, kind: 'company', verification: { ...EX_COMPANY_BADGE } },
  capacity: 8,
  districtIds: [EX_ID.quarter, EX_ID.quarter2],
  radiusKm: null,
  wantsInReturn: ['visibility', 'team_event'],
  homeDistrictId: EX_ID.quarter2,
  lat: 48.79994,
  lon: 9.2125,
  status: 'draft',
  publishedAt: null,
  allowedActions: ['publish', 'withdraw'],
  version: 1,
  createdAt: EX_TIME.offerCreated,
  updatedAt: EX_TIME.offerCreated,
} satisfies { [K in Exclude<keyof OfferDto, 'distanceKm'>]: unknown };

export class OfferPageDto {
  @ApiProperty({ type: OfferDto, isArray: true }) items: OfferDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('-createdAt', EX_TIME.offerCreated, EX_ID.offer), description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor: string | null;
}
