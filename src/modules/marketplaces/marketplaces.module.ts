import { Module } from '@nestjs/common';
import { CooperationsModule } from '../cooperations/cooperations.module';
import { DistrictsModule } from '../districts/districts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { BrokersController } from './brokers.controller';
import { BrokersService } from './brokers.service';
import { EventReportsController, RoundReportsController } from './event-reports.controller';
import { EventReportsService } from './event-reports.service';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';
import { MarketplacesController } from './marketplaces.controller';
import { MarketplacesService } from './marketplaces.service';
import { MeetingWishesController } from './meeting-wishes.controller';
import { MeetingWishesService } from './meeting-wishes.service';
import { NotaryController } from './notary.controller';
import { NotaryService } from './notary.service';
import { MarketplaceHistoryController, RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';
import { AgendasService } from './agendas.service';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';
import { SuggestionsController } from './suggestions.controller';
import { SuggestionsService } from './suggestions.service';

/** Issue 5: marketplace rounds per city or borough, the events (Marktplätze), registrations, 1:1 meetings, brokers, suggestion lists, follow-ups and reports. */
@Module({
  imports: [DistrictsModule, NotificationsModule, CooperationsModule],
  controllers: [RoundsController, MarketplacesController, RegistrationsController, MarketplaceHistoryController, NotaryController, MeetingWishesController,
    SchedulesController, BrokersController, SuggestionsController, FollowUpsController, EventReportsController, RoundReportsController],
  providers: [RoundsService, MarketplacesService, RegistrationsService, NotaryService, MeetingWishesService,
    SchedulesService, AgendasService, BrokersService, SuggestionsService, FollowUpsService, EventReportsService],
  exports: [RoundsService, MarketplacesService, RegistrationsService, SchedulesService, FollowUpsService],
})
export class MarketplacesModule {}
