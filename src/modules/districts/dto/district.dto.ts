import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { DISTRICT_LEVELS, type DistrictLevel } from '../../../common/domain/vocabulary';
import { ApiExamples, EX_ID } from '../../../common/examples';

/** A district as GET /v1/districts/{id} answers: the Quartier Hallschlag in the Stadtbezirk Bad Cannstatt. */
export class DistrictDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.quarter }) id: string;
  @ApiProperty({ example: 'Hallschlag' }) name: string;
  @ApiProperty({ example: 'hallschlag' }) slug: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.borough, description: 'The district above (null for a city).' }) parentId: string | null;
  @ApiProperty({ enum: DISTRICT_LEVELS, example: 'quarter' }) level: DistrictLevel;
  @ApiProperty({ example: 48.814, description: 'Centroid latitude (WGS 84).' }) lat: number;
  @ApiProperty({ example: 9.205, description: 'Centroid longitude (WGS 84).' }) lon: number;
  @ApiProperty({ example: 1, description: 'Sent as ETag; send it back in If-Match.' }) version: number;
}

/** A node of the tree; the example is the Stadtbezirk Bad Cannstatt (its Quartiere are in `children`). */
@ApiExamples({ id: EX_ID.borough, name: 'Bad Cannstatt', slug: 'bad-cannstatt', parentId: EX_ID.city, level: 'borough', lat: 48.806, lon: 9.223 })
export class DistrictTreeDto extends DistrictDto {
  @ApiProperty({
    type: () => DistrictTreeDto,
    isArray: true,
    example: [{ id: EX_ID.quarter, name: 'Hallschlag', slug: 'hallschlag', parentId: EX_ID.borough, level: 'quarter', lat: 48.814, lon: 9.205, version: 1, children: [] }],
  })
  children: DistrictTreeDto[];
}

export class DistrictListDto {
  @ApiProperty({ type: DistrictTreeDto, isArray: true, description: 'Roots (cities), each with its boroughs and quarters.' })
  items: DistrictTreeDto[];
}

export class CreateDistrictDto {
  @ApiProperty({ minLength: 2, maxLength: 120, example: 'Hallschlag' }) @IsString() @Length(2, 120)
  name: string;

  @ApiProperty({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120, example: 'hallschlag' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lower-case words joined by "-"' }) @Length(2, 120)
  slug: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, example: EX_ID.borough, description: 'Omit for a city.' })
  @IsOptional() @IsUUID()
  parentId?: string;

  @ApiProperty({ enum: DISTRICT_LEVELS, example: 'quarter' }) @IsIn(DISTRICT_LEVELS)
  level: DistrictLevel;

  @ApiProperty({ minimum: -90, maximum: 90, example: 48.814 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90)
  lat: number;

  @ApiProperty({ minimum: -180, maximum: 180, example: 9.205 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180)
  lon: number;
}

/** Name, slug and centroid can change; to move a district in the tree, create a new one. */
export class UpdateDistrictDto extends PartialType(OmitType(CreateDistrictDto, ['parentId', 'level'] as const), { skipNullProperties: false }) {}
