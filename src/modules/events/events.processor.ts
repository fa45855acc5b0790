import { Processor } from '@nestjs/bullmq';
import { JobName, QueueName } from '../../queue/jobs';
import { QueueProcessor } from '../../queue/queue-processor';
import { EventSequencer } from './event-sequencer.service';

/** The events queue: sequencing committed domain events and fanning them out to webhook subscriptions (one at a time: the sequencer's lock serialises them anyway). */
@Processor(QueueName.Events)
export class EventsProcessor extends QueueProcessor<QueueName.Events> {
  constructor(sequencer: EventSequencer) {
    super(QueueName.Events, {
      [JobName.SequenceEvent]: () => sequencer.sequencePending(),
    });
  }
}
