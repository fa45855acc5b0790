import { Module } from '@nestjs/common';
import { ShortlistController } from './shortlist.controller';
import { ShortlistService } from './shortlist.service';

/** The shortlist of partners (UPJ step 4: Recherche und Auswahl von Partnern). */
@Module({
  controllers: [ShortlistController],
  providers: [ShortlistService],
  exports: [ShortlistService],
})
export class ShortlistModule {}
