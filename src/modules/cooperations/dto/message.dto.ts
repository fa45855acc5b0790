import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination';

export class CreateMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 5000, example: 'Passt Ihnen ein Telefonat am Donnerstag?' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @Length(1, 5000)
  body: string;
}

export class MessageQueryDto extends PageQueryDto {}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) cooperationId: string;
  @ApiProperty({ format: 'uuid' }) authorOrganisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) authorUserId: string | null;
  @ApiProperty() body: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class MessagePageDto {
  @ApiProperty({ type: MessageDto, isArray: true, description: 'Oldest first.' }) items: MessageDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
