import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Webhook subscriptions (/v1/webhooks) and their deliveries: the fan-out of sequenced events
 * (called by the events module's sequencer) and one attempt per deliver-webhook job (run by
 * WebhooksProcessor in the worker role).
 */
@Module({
  imports: [DistrictsModule, NotificationsModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookDeliveryService],
  exports: [WebhooksService, WebhookDeliveryService],
})
export class WebhooksModule {}
