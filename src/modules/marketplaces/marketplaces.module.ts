import { Module } from '@nestjs/common';
import { CooperationsModule } from '../cooperations/cooperations.module';
import { DistrictsModule } from '../districts/districts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotaryController } from './notary.controller';
import { NotaryService } from './notary.service';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';

/** Issue 5: marketplace rounds per city or borough, the events (Marktplätze), registrations and 1:1 meetings. */
@Module({
  imports: [DistrictsModule, NotificationsModule, CooperationsModule],
  controllers: [RoundsController, NotaryController],
  providers: [RoundsService, NotaryService],
  exports: [RoundsService],
})
export class MarketplacesModule {}
