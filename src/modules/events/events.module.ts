import { Global, Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { EventSequencer } from './event-sequencer.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/**
 * Domain events and the change feed (/v1/events). Global: every module whose changes partners
 * follow injects EventsService and emits inside its transactions. EventSequencer (run by the
 * events queue in the worker role) places committed events in the feed and fans them out to
 * webhook subscriptions.
 */
@Global()
@Module({
  imports: [WebhooksModule],
  controllers: [EventsController],
  providers: [EventsService, EventSequencer],
  exports: [EventsService, EventSequencer],
})
export class EventsModule {}
