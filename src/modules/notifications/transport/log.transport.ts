import { Logger } from '@nestjs/common';
import type { NotificationTransport, OutgoingNotification } from './notification-transport';

/**
 * The default transport (development, and wherever no mail server is configured): one log line
 * per notification through the app's logger (pino), with its id, kind and the recipient's user
 * id only. Neither the address nor the text reaches the logs: they are in the database, readable
 * through /v1/me/notifications by the user they belong to.
 */
export class LogTransport implements NotificationTransport {
  readonly name = 'log';
  private readonly logger = new Logger('Notifications');

  async send(message: OutgoingNotification): Promise<{ messageId?: string }> {
    this.logger.log({ notificationId: message.notificationId, kind: message.kind, userId: message.userId }, `notification ${message.notificationId} (${message.kind}) for user ${message.userId}`);
    return { messageId: `log.${message.notificationId}` };
  }
}
