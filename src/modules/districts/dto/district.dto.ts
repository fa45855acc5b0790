import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { DISTRICT_LEVELS, type DistrictLevel } from '../../../common/domain/vocabulary';

export class DistrictDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Bad Cannstatt' }) name: string;
  @ApiProperty({ example: 'bad-cannstatt' }) slug: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ enum: DISTRICT_LEVELS }) level: DistrictLevel;
  @ApiProperty() lat: number;
  @ApiProperty() lon: number;
  @ApiProperty() version: number;
}

export class DistrictTreeDto extends DistrictDto {
  @ApiProperty({ type: () => DistrictTreeDto, isArray: true }) children: DistrictTreeDto[];
}

export class DistrictListDto {
  @ApiProperty({ type: DistrictTreeDto, isArray: true, description: 'Roots (cities), each with its boroughs and quarters.' })
  items: DistrictTreeDto[];
}

export class CreateDistrictDto {
  @ApiProperty({ minLength: 2, maxLength: 120 }) @IsString() @Length(2, 120)
  name: string;

  @ApiProperty({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lower-case words joined by "-"' }) @Length(2, 120)
  slug: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Omit for a city.' })
  @IsOptional() @IsUUID()
  parentId?: string;

  @ApiProperty({ enum: DISTRICT_LEVELS }) @IsIn(DISTRICT_LEVELS)
  level: DistrictLevel;

  @ApiProperty({ minimum: -90, maximum: 90 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90)
  lat: number;

  @ApiProperty({ minimum: -180, maximum: 180 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180)
  lon: number;
}

/** Name, slug and centroid can change; to move a district in the tree, create a new one. */
export class UpdateDistrictDto extends PartialType(OmitType(CreateDistrictDto, ['parentId', 'level'] as const), { skipNullProperties: false }) {}
