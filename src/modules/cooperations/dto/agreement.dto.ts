import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CATEGORIES, GIVE_BACK_KINDS, UNITS, type Category, type GiveBackKind, type Unit } from '../../../common/domain/vocabulary';
import { IsNestedObject, IsNotMoney, IsNumberWithDecimals } from '../../../common/http/validation';
import { Optional } from '../../../common/http/optional';
import { COOPERATION_SIDES, type CooperationSide } from '../implementation.entity';
import { EX_CONTENT_HASH, EX_DAY, EX_EMAIL, EX_ID, EX_NAME, EX_TEXT, EX_TIME } from '../../../common/examples';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = 'must be a date written YYYY-MM-DD';

export class ContactPersonDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: EX_NAME.nonprofitUser })
  @IsString() @Length(1, 200) @IsNotMoney('text')
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: EX_EMAIL.nonprofitUser })
  @IsOptional() @IsEmail() @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+49 711 5503120' })
  @IsOptional() @IsString() @MaxLength(50)
  phone?: string | null;
}

/** What the company gives (Leistung). */
export class ContributionDto {
  @ApiProperty({ enum: CATEGORIES, example: 'time', description: 'What is given. Money is never a category (422 MONEY_NOT_ALLOWED).' })
  @IsNotMoney() @IsIn(CATEGORIES)
  category: Category;

  @ApiProperty({ minimum: 0.01, maximum: 1_000_000_000, example: 40, description: 'How much, in `unit` (2 decimals at most).' })
  @IsNumberWithDecimals(2) @Min(0.01) @Max(1_000_000_000)
  quantity: number;

  @ApiProperty({ enum: UNITS, example: 'hours', description: 'Unit of the quantity. Money is never a unit (422 MONEY_NOT_ALLOWED).' })
  @IsNotMoney() @IsIn(UNITS)
  unit: Unit;

  @ApiProperty({ minLength: 3, maxLength: 5000, example: 'Acht Mitarbeitende helfen einen Tag beim Umzug des Jugendtreffs.' })
  @IsString() @Length(3, 5000) @IsNotMoney('text')
  description: string;
}

/** What the nonprofit gives back (Gegenleistung). */
export class GiveBackDto {
  @ApiProperty({ enum: GIVE_BACK_KINDS, example: 'thank_you_event', description: 'Kind of Gegenleistung.' })
  @IsIn(GIVE_BACK_KINDS)
  kind: GiveBackKind;

  @ApiProperty({ minLength: 3, maxLength: 5000, example: 'Dankeschön-Fest mit den Jugendlichen; Logo des Unternehmens auf unserer Website.' })
  @IsString() @Length(3, 5000) @IsNotMoney('text')
  description: string;
}

/**
 * The content of an Engagement-Vereinbarung, as drafted (POST) or edited (PUT: the whole
 * content, like the draft). No money changes hands: free texts naming money are refused (422
 * MONEY_NOT_ALLOWED); `estimatedValueEur` is an estimate for reports only.
 */
export class AgreementInputDto {
  @ApiPropertyOptional({ type: ContactPersonDto, description: 'Contact person of the nonprofit; default: the organisation\'s contact (else its name).' })
  @Optional() @IsNestedObject() @ValidateNested() @Type(() => ContactPersonDto)
  nonprofitContact?: ContactPersonDto;

  @ApiPropertyOptional({ type: ContactPersonDto, description: 'Contact person of the company; default: the organisation\'s contact (else its name).' })
  @Optional() @IsNestedObject() @ValidateNested() @Type(() => ContactPersonDto)
  companyContact?: ContactPersonDto;

  @ApiProperty({ type: ContributionDto, description: 'What the company gives (Leistung).' })
  @IsDefined({ message: 'contribution is required: what the company gives (Leistung: category, quantity, unit, description)' })
  @IsNestedObject() @ValidateNested() @Type(() => ContributionDto)
  contribution: ContributionDto;

  @ApiProperty({ type: GiveBackDto, description: 'What the nonprofit gives back (Gegenleistung). Required: every agreement names both sides.' })
  @IsDefined({ message: 'giveBack is required: every Engagement-Vereinbarung names what the nonprofit gives back (Gegenleistung: kind and description)' })
  @IsNestedObject() @ValidateNested() @Type(() => GiveBackDto)
  giveBack: GiveBackDto;

  @ApiProperty({ format: 'date', example: '2027-03-01' })
  @IsString() @Matches(DAY, { message: `startsOn ${DAY_MESSAGE}` })
  startsOn: string;

  @ApiProperty({ format: 'date', example: '2027-03-31', description: 'Not before startsOn. The day after it (Europe/Berlin) both sides are asked to evaluate.' })
  @IsString() @Matches(DAY, { message: `endsOn ${DAY_MESSAGE}` })
  endsOn: string;

  @ApiProperty({ minLength: 2, maxLength: 500, example: EX_TEXT.place })
  @IsString() @Length(2, 500) @IsNotMoney('text')
  place: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, example: 40, description: 'Estimated volunteer / pro bono hours.' })
  @IsOptional() @IsNumberWithDecimals(2) @Min(0) @Max(10_000_000)
  estimatedHours?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    example: 1200,
    description: 'Estimated euro equivalent of the Leistung, for reporting only: no money changes hands between the parties.',
  })
  @IsOptional() @IsNumberWithDecimals(2) @Min(0) @Max(1_000_000_000)
  estimatedValueEur?: number | null;
}

export class SignAgreementDto {
  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    example: EX_CONTENT_HASH,
    description: 'The contentHash of the text you read. When the draft changed since, the answer is 409 CONTENT_HASH_MISMATCH with the current hash: nobody signs a text they did not see.',
  })
  @IsString() @Matches(/^[0-9a-f]{64}$/, { message: 'contentHash must be 64 lower-case hex digits (sha256)' })
  contentHash: string;
}

export class ContactPersonOutDto {
  @ApiProperty({ example: EX_NAME.nonprofitUser }) name: string;
  @ApiProperty({ type: String, nullable: true, example: EX_EMAIL.nonprofitUser }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+49 711 5503120' }) phone: string | null;
}

export class AgreementPartyDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ example: EX_NAME.nonprofit }) name: string;
  @ApiProperty({ type: ContactPersonOutDto }) contact: ContactPersonOutDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.signedNonprofit, description: 'When this side signed (null: not yet).' }) signedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofitUser }) signedByUserId: string | null;
}

export class ContributionOutDto {
  @ApiProperty({ enum: CATEGORIES, example: 'time' }) category: Category;
  @ApiProperty({ example: 40 }) quantity: number;
  @ApiProperty({ enum: UNITS, example: 'hours' }) unit: Unit;
  @ApiProperty({ example: 'Acht Mitarbeitende helfen einen Tag beim Umzug des Jugendtreffs.' }) description: string;
}

export class GiveBackOutDto {
  @ApiProperty({ enum: GIVE_BACK_KINDS, example: 'thank_you_event' }) kind: GiveBackKind;
  @ApiProperty({ example: 'Dankeschön-Fest mit den Jugendlichen; Logo des Unternehmens auf unserer Website.' }) description: string;
}

export const AGREEMENT_STATES = ['draft', 'signed', 'superseded'] as const;

export class AgreementDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.agreement }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.cooperation }) cooperationId: string;
  @ApiProperty({ example: 1, description: '1, 2, ... per cooperation; a change after signing is a new version.' }) version: number;
  @ApiProperty({ enum: AGREEMENT_STATES, example: 'signed', description: 'draft (not yet signed by both), signed (in force), superseded (a later version was signed).' })
  state: (typeof AGREEMENT_STATES)[number];
  @ApiProperty({ type: AgreementPartyDto }) nonprofit: AgreementPartyDto;
  @ApiProperty({ type: AgreementPartyDto, example: { organisationId: EX_ID.company, name: EX_NAME.company, contact: { name: EX_NAME.companyUser, email: EX_EMAIL.companyUser, phone: '+49 711 9540140' }, signedAt: EX_TIME.signedCompany, signedByUserId: EX_ID.companyUser } }) company: AgreementPartyDto;
  @ApiProperty({ type: ContributionOutDto, description: 'What the company gives (Leistung).' }) contribution: ContributionOutDto;
  @ApiProperty({ type: GiveBackOutDto, description: 'What the nonprofit gives back (Gegenleistung).' }) giveBack: GiveBackOutDto;
  @ApiProperty({ format: 'date', example: EX_DAY.agreementStarts }) startsOn: string;
  @ApiProperty({ format: 'date', example: EX_DAY.agreementEnds }) endsOn: string;
  @ApiProperty({ example: EX_TEXT.place }) place: string;
  @ApiProperty({ type: Number, nullable: true, example: 40 }) estimatedHours: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1200, description: 'For reporting only: no money changes hands.' }) estimatedValueEur: number | null;
  @ApiProperty({ example: EX_CONTENT_HASH, description: 'sha256 of the content: send it when signing.' }) contentHash: string;
  @ApiProperty({ enum: COOPERATION_SIDES, isArray: true, example: [], description: 'Sides that still have to sign.' }) awaitingSignatureFrom: CooperationSide[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.company, description: 'The party that drafted it; null when recorded by an organiser at a marketplace\'s notary desk (Notartisch).' })
  createdByOrganisationId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.signedCompany, description: 'Both signed: from then on immutable.' }) signedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) supersededAt: Date | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description:
      'Set when a party deleted its account after signing: its contact person now reads "Gelöschte Organisation" or "Gelöschte Person". contentHash is still the hash of what was signed, so it no longer matches the content shown.',
  })
  anonymisedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-01-16T09:00:00.000Z' }) createdAt: Date;
}

export class AgreementListDto {
  @ApiProperty({ type: AgreementDto, isArray: true, description: 'All versions, oldest first.' }) items: AgreementDto[];
}
