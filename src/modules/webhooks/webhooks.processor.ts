import { Processor } from '@nestjs/bullmq';
import { JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { QueueProcessor } from '../../queue/queue-processor';
import { WebhookDeliveryService } from './webhook-delivery.service';

/**
 * The webhooks queue: one attempt per deliver-webhook job. Receivers are slow or away at times,
 * so a worker sends several at once; an attempt waits at most WEBHOOK_TIMEOUT_MS.
 */
@Processor(QueueName.Webhooks, { concurrency: 8 })
export class WebhooksProcessor extends QueueProcessor<QueueName.Webhooks> {
  constructor(deliveries: WebhookDeliveryService) {
    super(QueueName.Webhooks, {
      [JobName.DeliverWebhook]: (d: JobPayloads[JobName.DeliverWebhook]) => deliveries.attempt(d),
    });
  }
}
