import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination';
import { COOPERATION_STATUSES, type CooperationStatus } from '../cooperation.machine';
import { EX_ID } from '../../../common/examples';

export const COOPERATION_ROLES = ['sent', 'received'] as const;
export type CooperationRole = (typeof COOPERATION_ROLES)[number];

export class CooperationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: COOPERATION_STATUSES, example: 'active' }) @IsOptional() @IsIn(COOPERATION_STATUSES)
  status?: CooperationStatus;

  @ApiPropertyOptional({ enum: COOPERATION_ROLES, example: 'received', description: "Proposals your organisation sent or received (members only)." })
  @IsOptional() @IsIn(COOPERATION_ROLES)
  role?: CooperationRole;

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.need }) @IsOptional() @IsUUID()
  needId?: string;

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.offer }) @IsOptional() @IsUUID()
  offerId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: EX_ID.borough,
    description: "Organisers and admins: the cooperations of this district and its descendants. Without it, members see their organisation's, organisers those of their districts, admins all.",
  })
  @IsOptional() @IsUUID()
  districtId?: string;
}
