import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsIn, IsInt, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { GIVE_BACK_KINDS } from '../../../common/domain/vocabulary';
import { Optional } from '../../../common/http/optional';
import { ListingInputDto } from '../../listings/dto/listing-input.dto';
import { ListingDto } from '../../listings/dto/listing.dto';
import { OFFER_STATUSES, type OfferStatus } from '../offer.entity';

export class CreateOfferDto extends ListingInputDto {
  @ApiProperty({ minimum: 1, maximum: 1000000, description: 'How much the company can give, in `unit`.' })
  @IsInt() @Min(1) @Max(1_000_000)
  capacity: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, maxItems: 50, description: 'Districts served, descendants included. Default: the company\'s home district (unless radiusKm is given).' })
  @Optional() @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  districtIds?: string[];

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0.1, maximum: 200, description: 'Serves everything within this distance of the company, in km; null removes the radius.' })
  @IsOptional() @IsNumber() @Min(0.1) @Max(200)
  radiusKm?: number;

  @ApiPropertyOptional({ enum: GIVE_BACK_KINDS, isArray: true, description: 'Gegenleistungen the company would like in return; matching prefers nonprofits that offer them. Default: none in particular.' })
  @Optional() @ArrayMaxSize(GIVE_BACK_KINDS.length) @ArrayUnique() @IsIn(GIVE_BACK_KINDS, { each: true })
  wantsInReturn?: string[];
}

export class UpdateOfferDto extends PartialType(CreateOfferDto, { skipNullProperties: false }) {}

export class OfferDto extends ListingDto {
  @ApiProperty() capacity: number;
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) districtIds: string[];
  @ApiProperty({ type: Number, nullable: true }) radiusKm: number | null;
  @ApiProperty({ enum: GIVE_BACK_KINDS, isArray: true }) wantsInReturn: string[];
  @ApiProperty({ format: 'uuid', description: 'The company\'s home district.' }) homeDistrictId: string;
  @ApiProperty({ enum: OFFER_STATUSES }) status: OfferStatus;
}

export class OfferPageDto {
  @ApiProperty({ type: OfferDto, isArray: true }) items: OfferDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor: string | null;
}
