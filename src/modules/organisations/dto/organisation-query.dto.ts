import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CAUSE_AREAS, ORGANISATION_KINDS, type CauseArea, type OrganisationKind } from '../../../common/domain/vocabulary';
import { PageQueryDto } from '../../../common/http/pagination';

export class OrganisationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS }) @IsOptional() @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Home district, descendants included.' }) @IsOptional() @IsUUID()
  districtId?: string;

  @ApiPropertyOptional({ enum: CAUSE_AREAS }) @IsOptional() @IsIn(CAUSE_AREAS)
  causeArea?: CauseArea;

  @ApiPropertyOptional({ maxLength: 200, description: 'Words in name or description (German full-text search).' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}
