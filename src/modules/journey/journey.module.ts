import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ReadinessModule } from '../readiness/readiness.module';
import { ShortlistModule } from '../shortlist/shortlist.module';
import { JourneyController } from './journey.controller';
import { JourneyService } from './journey.service';

/** GET /v1/organisations/{id}/journey: the six UPJ steps for one organisation. */
@Module({
  imports: [DistrictsModule, OrganisationsModule, ReadinessModule, ShortlistModule],
  controllers: [JourneyController],
  providers: [JourneyService],
})
export class JourneyModule {}
