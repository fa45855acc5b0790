import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination';
import { NOTIFICATION_KINDS, NOTIFICATION_STATUSES, type NotificationKind, type NotificationParams, type NotificationStatus } from '../notification-kinds';
import { EX_ID, EX_NAME, EX_TIME, exCursor } from '../../../common/examples';
import { renderNotification } from '../templates';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The notification the Jugendhaus got for the Autohaus' proposal, rendered by the real templates. */
const NOTIFICATION_PARAMS = { counterpart: EX_NAME.company, title: EX_NAME.needTitle, expiresAt: EX_TIME.proposalExpires };
const NOTIFICATION_EXAMPLE = renderNotification('proposal_received', NOTIFICATION_PARAMS);

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: true, description: 'Only notifications not yet marked as read.' })
  @IsOptional() @Transform(toBool) @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.notification }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'proposal_received' }) kind: NotificationKind;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit, description: 'The organisation you were told about as a member of.' }) organisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.cooperation, description: 'The cooperation it is about, if any.' }) cooperationId: string | null;
  @ApiProperty({ example: NOTIFICATION_EXAMPLE.subject, description: 'German subject, then the English one.' })
  subject: string;
  @ApiProperty({ example: NOTIFICATION_EXAMPLE.body, description: 'Plain text: German first, then English (after a line "— English —").' }) body: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }] },
    example: NOTIFICATION_PARAMS,
    description: 'The values the texts were made from, for clients that render their own.',
  })
  params: NotificationParams;
  @ApiProperty({ enum: NOTIFICATION_STATUSES, example: 'sent', description: 'Delivery by mail (or log): pending, sent, or failed after every retry.' }) status: NotificationStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.notified }) sentAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.read, description: 'When you marked it as read.' }) readAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.proposed }) createdAt: Date;
}

export class NotificationPageDto {
  @ApiProperty({ type: NotificationDto, isArray: true, description: 'Newest first.' }) items: NotificationDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('createdAt', EX_TIME.proposed, EX_ID.notification) }) nextCursor: string | null;
  @ApiProperty({ minimum: 0, example: 2, description: 'How many of your notifications are unread (all pages).' }) unreadCount: number;
}

export class MarkedReadDto {
  @ApiProperty({ minimum: 0, example: 2, description: 'Notifications marked as read by this call (already read ones are left as they were).' }) updated: number;
}
