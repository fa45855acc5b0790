import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination';
import { EX_ID, exCursor } from '../../../common/examples';

export class CreateMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 5000, example: 'Passt Ihnen ein Telefonat am Donnerstag?' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @Length(1, 5000)
  body: string;
}

export class MessageQueryDto extends PageQueryDto {}

export class MessageDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.message }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.cooperation }) cooperationId: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) authorOrganisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofitUser }) authorUserId: string | null;
  @ApiProperty({ example: 'Passt Ihnen ein Telefonat am Donnerstag?' }) body: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-01-14T12:40:00.000Z' }) createdAt: Date;
}

export class MessagePageDto {
  @ApiProperty({ type: MessageDto, isArray: true, description: 'Oldest first.' }) items: MessageDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('createdAt', '2027-01-14T12:40:00.000Z', EX_ID.message) }) nextCursor: string | null;
}
