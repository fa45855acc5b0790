import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CAUSE_AREAS, ORGANISATION_KINDS, type CauseArea, type OrganisationKind } from '../../../common/domain/vocabulary';
import { EX_ID } from '../../../common/examples';
import { PageQueryDto } from '../../../common/http/pagination';

export class OrganisationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS, example: 'nonprofit' }) @IsOptional() @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.borough, description: 'Home district, descendants included.' }) @IsOptional() @IsUUID()
  districtId?: string;

  @ApiPropertyOptional({ enum: CAUSE_AREAS, example: 'quality-education' }) @IsOptional() @IsIn(CAUSE_AREAS)
  causeArea?: CauseArea;

  @ApiPropertyOptional({ type: Boolean, example: true, description: 'true: only verified organisations; false: only unverified ones.' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  verified?: boolean;

  @ApiPropertyOptional({ maxLength: 200, example: 'Jugendtreff', description: 'Words in name or description (German full-text search).' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}
