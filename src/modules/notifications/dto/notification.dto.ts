import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination';
import { NOTIFICATION_KINDS, NOTIFICATION_STATUSES, type NotificationKind, type NotificationParams, type NotificationStatus } from '../notification-kinds';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only notifications not yet marked as read.' })
  @IsOptional() @Transform(toBool) @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ format: 'uuid', description: 'The organisation you were told about as a member of.' }) organisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The cooperation it is about, if any.' }) cooperationId: string | null;
  @ApiProperty({ example: 'Neuer Kooperationsvorschlag „Umzugshilfe“ / New cooperation proposal "Umzugshilfe"', description: 'German subject, then the English one.' })
  subject: string;
  @ApiProperty({ description: 'Plain text: German first, then English (after a line "— English —").' }) body: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }] },
    example: { counterpart: 'Weber Logistik GmbH', title: 'Umzugshilfe' },
    description: 'The values the texts were made from, for clients that render their own.',
  })
  params: NotificationParams;
  @ApiProperty({ enum: NOTIFICATION_STATUSES, description: 'Delivery by mail (or log): pending, sent, or failed after every retry.' }) status: NotificationStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When you marked it as read.' }) readAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class NotificationPageDto {
  @ApiProperty({ type: NotificationDto, isArray: true, description: 'Newest first.' }) items: NotificationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ minimum: 0, description: 'How many of your notifications are unread (all pages).' }) unreadCount: number;
}

export class MarkedReadDto {
  @ApiProperty({ minimum: 0, description: 'Notifications marked as read by this call (already read ones are left as they were).' }) updated: number;
}
