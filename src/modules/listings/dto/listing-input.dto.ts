import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CATEGORIES, UNITS, type Category, type Unit } from '../../../common/domain/vocabulary';
import { EX_NAME, EX_TEXT, EX_TIME } from '../../../common/examples';
import { IsoDateTime } from '../../../common/http/iso-date';
import { IsNotMoney } from '../../../common/http/validation';
import { Optional } from '../../../common/http/optional';

const normaliseTags = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((t) => (typeof t === 'string' ? t.trim().toLowerCase() : t)) : value;

/** Fields that needs and offers share (the examples are the need's; CreateOfferDto has its own). */
export class ListingInputDto {
  @ApiProperty({ minLength: 3, maxLength: 160, example: EX_NAME.needTitle })
  @IsString() @Length(3, 160) @IsNotMoney('text')
  title: string;

  @ApiProperty({ minLength: 10, maxLength: 5000, example: EX_TEXT.needDescription, description: 'German free text; searched with PostgreSQL\'s german configuration.' })
  @IsString() @Length(10, 5000) @IsNotMoney('text')
  description: string;

  @ApiProperty({ enum: CATEGORIES, example: 'time', description: 'What is exchanged. Money is never a category (422 MONEY_NOT_ALLOWED).' })
  @IsNotMoney() @IsIn(CATEGORIES)
  category: Category;

  @ApiPropertyOptional({ type: String, isArray: true, maxItems: 20, example: ['umzug', 'möbel', 'jugend', 'helfer'], description: 'Lower-case keywords.' })
  @Optional() @Transform(normaliseTags) @ArrayMaxSize(20) @ArrayUnique()
  @IsString({ each: true }) @Matches(/^[\p{L}\p{N}][\p{L}\p{N} -]{0,39}$/u, { each: true, message: 'each tag is 1-40 letters, digits, spaces or "-"' })
  @IsNotMoney('term')
  tags?: string[];

  @ApiProperty({ enum: UNITS, example: 'persons', description: 'Unit of the quantity. Money is never a unit (422 MONEY_NOT_ALLOWED).' })
  @IsNotMoney() @IsIn(UNITS)
  unit: Unit;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, example: EX_TIME.listingStarts, description: 'null clears it' })
  @IsOptional() @IsoDateTime()
  startsAt?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, example: EX_TIME.listingEnds, description: 'null clears it' })
  @IsOptional() @IsoDateTime()
  endsAt?: Date;
}
