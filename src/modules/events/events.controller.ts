import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { ApiScope } from '../auth/scopes';
import { EVENT_ENVELOPES, EventPageDto, EventQueryDto } from './dto/event.dto';
import { EventsService } from './events.service';

/** The change feed: the domain events also sent as webhooks, ordered and durable, for partners who poll. */
@ApiTags('events')
@ApiBearerAuth()
@ApiScope('events:read')
@ApiExtraModels(...EVENT_ENVELOPES)
@Controller({ path: 'events', version: '1' })
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({
    summary: 'The change feed: public events and those concerning your organisation, in commit order',
    description:
      'Events after the cursor `after` (a `nextCursor` of an earlier page; none: from the beginning), ascending by `seq`, ' +
      'which follows commit order: an event committed later never appears before one you have already read. Public: needs ' +
      'and offers published, marketplace events; private, to the organisations they concern: match.created, cooperation.*, ' +
      'agreement.signed. `nextCursor` is always set; poll with it (an empty page keeps or advances it). The same events, ' +
      'with the same ids, are delivered to webhook subscriptions.',
  })
  @ApiOkResponse({ type: EventPageDto })
  @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'UNAUTHENTICATED')
  feed(@Query() query: EventQueryDto, @CurrentActor() actor: Actor): Promise<EventPageDto> {
    return this.events.feed(actor, query);
  }
}
