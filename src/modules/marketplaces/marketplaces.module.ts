import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { MarketplacesController } from './marketplaces.controller';
import { MarketplacesService } from './marketplaces.service';
import { MarketplaceHistoryController, RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';

/** Issue 5: marketplace rounds per city or borough, the events (Marktplätze), registrations and 1:1 meetings. */
@Module({
  imports: [DistrictsModule, NotificationsModule],
  controllers: [MarketplacesController, RegistrationsController, MarketplaceHistoryController],
  providers: [MarketplacesService, RegistrationsService],
  exports: [MarketplacesService, RegistrationsService],
})
export class MarketplacesModule {}
