import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';

/** Issue 5: marketplace rounds per city or borough, the events (Marktplätze), registrations and 1:1 meetings. */
@Module({
  imports: [DistrictsModule, NotificationsModule],
  controllers: [RoundsController],
  providers: [RoundsService],
  exports: [RoundsService],
})
export class MarketplacesModule {}
