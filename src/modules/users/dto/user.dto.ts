import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import { ROLE_NAMES, type RoleName } from '../../auth/actor';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organisationId: string | null;
  @ApiProperty({ enum: ROLE_NAMES, isArray: true }) roles: RoleName[];
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Districts the user organises (role organiser).' }) organiserDistrictIds: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class OrganiserDistrictsDto {
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Replaces the list; empty removes the organiser role.' })
  @IsArray() @ArrayMaxSize(200) @ArrayUnique() @IsUUID('all', { each: true })
  districtIds: string[];
}
