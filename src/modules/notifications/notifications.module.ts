import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/env';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { LogTransport } from './transport/log.transport';
import { NOTIFICATION_TRANSPORT, type NotificationTransport } from './transport/notification-transport';
import { SmtpTransport } from './transport/smtp.transport';

/** The transport NOTIFY_TRANSPORT names (loadConfig has checked SMTP_URL and NOTIFY_FROM for smtp). */
export function createTransport(config: AppConfig): NotificationTransport {
  switch (config.NOTIFY_TRANSPORT) {
    case 'smtp':
      return SmtpTransport.fromUrl(config.SMTP_URL, config.NOTIFY_FROM);
    case 'log':
      return new LogTransport();
  }
}

/**
 * Notifications: notify() for other modules (import this module, inject NotificationsService),
 * the user's list at /v1/me/notifications, and delivery (NotificationDeliveryService, run by the
 * notifications queue's processor in the worker role).
 */
@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationDeliveryService,
    { provide: NOTIFICATION_TRANSPORT, inject: [APP_CONFIG], useFactory: createTransport },
  ],
  exports: [NotificationsService, NotificationDeliveryService],
})
export class NotificationsModule {}
