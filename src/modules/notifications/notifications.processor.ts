import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobName, JobPayloads, QueueName } from '../../queue/jobs';
import { QueueProcessor } from '../../queue/queue-processor';
import { NotificationDeliveryService } from './notification-delivery.service';
import { PermanentDeliveryError } from './transport/notification-transport';

/**
 * The notifications queue. A failed send is recorded on the row and rethrown, so BullMQ retries
 * it with the backoff of JOB_OPTIONS; a permanent refusal (SMTP 5xx) is not retried.
 */
@Processor(QueueName.Notifications, { concurrency: 4 })
export class NotificationsProcessor extends QueueProcessor<QueueName.Notifications> {
  constructor(delivery: NotificationDeliveryService) {
    super(QueueName.Notifications, {
      [JobName.DeliverNotification]: async ({ notificationId }: JobPayloads[JobName.DeliverNotification], job: Job) => {
        const result = await delivery.deliver(notificationId, { made: job.attemptsMade, max: job.opts.attempts ?? 1 });
        if (result.outcome !== 'failed') return result;
        if (result.error instanceof PermanentDeliveryError) throw new UnrecoverableError(result.error.message);
        throw result.error;
      },
    });
  }
}
