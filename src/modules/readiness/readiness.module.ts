import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DistrictsModule } from '../districts/districts.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { OrganisationReadinessController, ReadinessQuestionnairesController } from './readiness.controller';
import { ReadinessCheck, ReadinessQuestionnaire } from './readiness.entity';
import { ReadinessService } from './readiness.service';

/** UPJ step 3. Other modules import it for ReadinessService.isDone / assertDone. */
@Module({
  imports: [TypeOrmModule.forFeature([ReadinessQuestionnaire, ReadinessCheck]), OrganisationsModule, DistrictsModule],
  controllers: [ReadinessQuestionnairesController, OrganisationReadinessController],
  providers: [ReadinessService],
  exports: [ReadinessService],
})
export class ReadinessModule {}
