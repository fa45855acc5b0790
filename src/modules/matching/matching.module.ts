import { Module } from '@nestjs/common';
import { DistrictsModule } from '../districts/districts.module';
import { JobsService } from './jobs.service';
import { MatchesController, MatchingController } from './matches.controller';
import { MatchesService } from './matches.service';
import { MatchingEngine } from './matching.engine';
import { WeightsService } from './weights.service';

/** Reading matches, reacting to them, weights and on-demand jobs (API role). */
@Module({
  imports: [DistrictsModule],
  controllers: [MatchesController, MatchingController],
  providers: [MatchesService, JobsService, WeightsService, MatchingEngine],
  exports: [WeightsService, MatchingEngine],
})
export class MatchingModule {}
