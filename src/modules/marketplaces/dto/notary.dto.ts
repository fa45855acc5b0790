import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { IsNestedObject } from '../../../common/http/validation';
import { AgreementDto, AgreementInputDto } from '../../cooperations/dto/agreement.dto';
import { EX_EMAIL, EX_ID, EX_NAME, EX_TIME } from '../../../common/examples';

/** What the organiser types in at the Notartisch of the Marktplatz Bad Cannstatt. */
const NOTARY_CONTENT = {
  contribution: { category: 'time', quantity: 48, unit: 'hours', description: 'Sechs Auszubildende streichen an zwei Samstagen mit den Jugendlichen die neuen Räume; Farbe und Werkzeug bringen wir mit.' },
  giveBack: { kind: 'team_event', description: 'Gemeinsames Abschlussessen mit den Jugendlichen; sie gestalten eine Wand mit dem Namen des Azubi-Teams.' },
  startsOn: '2027-05-08',
  endsOn: '2027-05-15',
  place: 'Jugendtreff Hallschlag, Am Römerkastell 12, 70376 Stuttgart',
  estimatedHours: 48,
  estimatedValueEur: 1500,
};

/** Version 1 of that agreement, as recorded: both sides still sign it. */
const NOTARY_AGREEMENT = {
  id: EX_ID.notaryAgreement,
  cooperationId: EX_ID.notaryCooperation,
  version: 1,
  state: 'draft',
  nonprofit: { organisationId: EX_ID.nonprofit, name: EX_NAME.nonprofit, contact: { name: EX_NAME.nonprofitUser, email: EX_EMAIL.nonprofitUser, phone: '+49 711 5503120' }, signedAt: null, signedByUserId: null },
  company: { organisationId: EX_ID.company, name: EX_NAME.company, contact: { name: EX_NAME.companyUser, email: EX_EMAIL.companyUser, phone: '+49 711 9540140' }, signedAt: null, signedByUserId: null },
  ...NOTARY_CONTENT,
  contentHash: '7d1e5c3a9b0f2e4d6c8a1b3f5e7d9c0b2a4f6e8d1c3b5a7f9e0d2c4b6a8f1e3d',
  awaitingSignatureFrom: ['nonprofit', 'company'],
  createdByOrganisationId: null,
  signedAt: null,
  supersededAt: null,
  anonymisedAt: null,
  createdAt: EX_TIME.notaryRecorded,
} satisfies Record<keyof AgreementDto, unknown>;

/** An agreement recorded at the notary desk (Notartisch) of a running marketplace. */
export class NotaryAgreementInputDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit, description: 'The nonprofit: registered at this marketplace.' })
  @IsUUID('all')
  nonprofitId: string;

  @ApiProperty({ format: 'uuid', example: EX_ID.company, description: 'The company: registered at this marketplace.' })
  @IsUUID('all')
  companyId: string;

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.need2, description: 'The nonprofit\'s need it answers (a prior match is not required). needId, offerId or both.' })
  @IsOptional() @IsUUID('all')
  needId?: string;

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.offer, description: 'The company\'s offer it draws on. needId, offerId or both.' })
  @IsOptional() @IsUUID('all')
  offerId?: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Am Tisch 5 vereinbart: Ein Azubi-Team streicht mit den Jugendlichen die neuen Räume.', description: 'A note for the history (what was said at the table).' })
  @IsOptional() @IsString() @MaxLength(2000)
  note?: string;

  @ApiProperty({ type: AgreementInputDto, example: NOTARY_CONTENT, description: 'The Engagement-Vereinbarung: Leistung and Gegenleistung, dates, place. Both sides then sign it themselves.' })
  @IsDefined({ message: 'agreement is required: the Engagement-Vereinbarung (Leistung and Gegenleistung)' }) @IsNestedObject() @ValidateNested() @Type(() => AgreementInputDto)
  agreement: AgreementInputDto;
}

export class NotaryAgreementDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.notaryCooperation, description: 'The cooperation it created (status accepted until both sign: then agreed).' }) cooperationId: string;
  @ApiProperty({ type: AgreementDto, example: NOTARY_AGREEMENT, description: 'Version 1 of its Engagement-Vereinbarung, waiting for both signatures.' }) agreement: AgreementDto;
}

export class NotaryEntryDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.notaryCooperation }) cooperationId: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) nonprofitId: string;
  @ApiProperty({ example: EX_NAME.nonprofit }) nonprofitName: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.company }) companyId: string;
  @ApiProperty({ example: EX_NAME.company }) companyName: string;
  @ApiProperty({ example: 'accepted', description: 'The cooperation\'s status: accepted (waiting for signatures), agreed (signed by both), …' }) status: string;
  @ApiProperty({ example: false, description: 'Both sides signed the agreement.' }) signed: boolean;
  @ApiProperty({ type: Number, nullable: true, example: 48, description: 'Estimated hours of the latest version (reporting only).' }) estimatedHours: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1500, description: 'Euro equivalent of the latest version, for reporting only: no money changes hands.' }) estimatedValueEur: number | null;
  @ApiProperty({ example: EX_TIME.notaryRecorded }) createdAt: Date;
}

export class NotaryListDto {
  @ApiProperty({ type: [NotaryEntryDto] }) items: NotaryEntryDto[];
}
