import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import { EX_EMAIL, EX_ID, EX_NAME, EX_TIME } from '../../../common/examples';
import { ROLE_NAMES, type RoleName } from '../../auth/actor';

/** A user; the example is Deniz Aksoy, member of the Jugendhaus am Hallschlag. */
export class UserDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofitUser }) id: string;
  @ApiProperty({ example: EX_EMAIL.nonprofitUser }) email: string;
  @ApiProperty({ example: EX_NAME.nonprofitUser }) displayName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofit }) organisationId: string | null;
  @ApiProperty({ enum: ROLE_NAMES, isArray: true, example: ['nonprofit_member'] }) roles: RoleName[];
  @ApiProperty({ type: String, format: 'uuid', isArray: true, example: [], description: 'Districts the user organises (role organiser).' }) organiserDistrictIds: string[];
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.organisationCreated }) createdAt: Date;
}

export class OrganiserDistrictsDto {
  @ApiProperty({ type: String, format: 'uuid', isArray: true, example: [EX_ID.borough], description: 'Replaces the list; empty removes the organiser role.' })
  @IsArray() @ArrayMaxSize(200) @ArrayUnique() @IsUUID('all', { each: true })
  districtIds: string[];
}
