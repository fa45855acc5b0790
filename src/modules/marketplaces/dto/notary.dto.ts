import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { AgreementDto, AgreementInputDto } from '../../cooperations/dto/agreement.dto';

/** An agreement recorded at the notary desk (Notartisch) of a running marketplace. */
export class NotaryAgreementInputDto {
  @ApiProperty({ format: 'uuid', description: 'The nonprofit: registered at this marketplace.' })
  @IsUUID('all')
  nonprofitId: string;

  @ApiProperty({ format: 'uuid', description: 'The company: registered at this marketplace.' })
  @IsUUID('all')
  companyId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The nonprofit\'s need it answers (a prior match is not required). needId, offerId or both.' })
  @IsOptional() @IsUUID('all')
  needId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The company\'s offer it draws on. needId, offerId or both.' })
  @IsOptional() @IsUUID('all')
  offerId?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'A note for the history (what was said at the table).' })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;

  @ApiProperty({ type: AgreementInputDto, description: 'The Engagement-Vereinbarung: Leistung and Gegenleistung, dates, place. Both sides then sign it themselves.' })
  @ValidateNested() @Type(() => AgreementInputDto)
  agreement: AgreementInputDto;
}

export class NotaryAgreementDto {
  @ApiProperty({ format: 'uuid', description: 'The cooperation it created (status accepted until both sign: then agreed).' }) cooperationId: string;
  @ApiProperty({ type: AgreementDto, description: 'Version 1 of its Engagement-Vereinbarung, waiting for both signatures.' }) agreement: AgreementDto;
}

export class NotaryEntryDto {
  @ApiProperty({ format: 'uuid' }) cooperationId: string;
  @ApiProperty({ format: 'uuid' }) nonprofitId: string;
  @ApiProperty() nonprofitName: string;
  @ApiProperty({ format: 'uuid' }) companyId: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ description: 'The cooperation\'s status: accepted (waiting for signatures), agreed (signed by both), …' }) status: string;
  @ApiProperty({ description: 'Both sides signed the agreement.' }) signed: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Estimated hours of the latest version (reporting only).' }) estimatedHours: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Euro equivalent of the latest version, for reporting only: no money changes hands.' }) estimatedValueEur: number | null;
  @ApiProperty() createdAt: Date;
}

export class NotaryListDto {
  @ApiProperty({ type: [NotaryEntryDto] }) items: NotaryEntryDto[];
}
