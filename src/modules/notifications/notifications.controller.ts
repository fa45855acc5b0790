import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { MarkedReadDto, NotificationDto, NotificationPageDto, NotificationQueryDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

/** The signed-in user's own notifications; nobody sees anyone else's (admins included). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller({ path: 'me/notifications', version: '1' })
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first (proposals, agreements, evaluations, ...)' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED')
  async list(@Query() query: NotificationQueryDto, @CurrentActor() actor: Actor): Promise<NotificationPageDto> {
    const page = await this.notifications.list(actor, query);
    return { items: page.items.map((n) => this.notifications.toDto(n)), nextCursor: page.nextCursor, unreadCount: page.unreadCount };
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all your notifications as read' })
  @ApiOkResponse({ type: MarkedReadDto })
  @ApiProblems('UNAUTHENTICATED')
  async readAll(@CurrentActor() actor: Actor): Promise<MarkedReadDto> {
    return { updated: await this.notifications.markAllRead(actor) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your notifications as read (again: no change)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOTIFICATION_NOT_FOUND')
  async read(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<NotificationDto> {
    return this.notifications.toDto(await this.notifications.markRead(actor, id));
  }
}
