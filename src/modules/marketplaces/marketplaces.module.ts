import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { NotificationsModule } from '../notifications/notifications.module';

/** Issue 5: marketplace rounds per city or borough, the events (Marktplätze), registrations and 1:1 meetings. */
@Module({
  imports: [DistrictsModule, NotificationsModule],
  providers: [],
  exports: [],
})
export class MarketplacesModule {}
