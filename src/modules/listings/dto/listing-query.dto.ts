import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { CATEGORIES, type Category } from '../../../common/domain/vocabulary';
import { EX_ID } from '../../../common/examples';
import { PageQueryDto } from '../../../common/http/pagination';

export const LISTING_SORTS = ['-createdAt', 'createdAt', 'relevance', 'distance'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

/** `tags=a,b` and `tags=a&tags=b` both become ['a', 'b']. */
const csv = ({ value }: { value: unknown }) => {
  const parts = Array.isArray(value) ? value.flatMap((v) => String(v).split(',')) : typeof value === 'string' ? value.split(',') : undefined;
  return parts ? parts.map((t) => t.trim().toLowerCase()).filter(Boolean) : value;
};
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' && !isNaN(Number(value)) ? Number(value) : value);

export class ListingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.borough, description: 'A district; its descendants are included.' })
  @IsOptional() @IsUUID()
  districtId?: string;

  @ApiPropertyOptional({ enum: CATEGORIES, example: 'time' })
  @IsOptional() @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ type: String, description: 'Comma-separated tags; items carry all of them.', example: 'umzug,jugend' })
  @IsOptional() @Transform(csv) @ArrayMaxSize(10) @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.nonprofit, description: 'Only this organisation\'s items (its drafts too, for its members).' })
  @IsOptional() @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Umzug', description: 'German full-text search over title and description ("Umzug" finds "Umzüge").' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ pattern: '^-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?$', example: '48.8049,9.2155', description: 'lat,lon; use with radiusKm.' })
  @IsOptional() @Matches(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, { message: 'near must read lat,lon (e.g. 48.8049,9.2155)' })
  near?: string;

  @ApiPropertyOptional({ minimum: 0.1, maximum: 200, default: 5, example: 5, description: 'Radius around `near`, in km.' })
  @IsOptional() @Transform(toNumber) @IsNumber() @Min(0.1) @Max(200)
  radiusKm?: number;

  @ApiPropertyOptional({
    enum: LISTING_SORTS,
    example: 'distance',
    description: 'Default: relevance with q, distance with near, else -createdAt (newest first).',
  })
  @IsOptional() @IsIn(LISTING_SORTS)
  sort?: ListingSort;
}
