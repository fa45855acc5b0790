import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsNestedObject } from '../../../common/http/validation';
import { EX_ID, EX_NAME, EX_EMAIL, EX_TEXT } from '../../../common/examples';
import { Optional } from '../../../common/http/optional';
import { CAUSE_AREAS, GIVE_BACK_KINDS, LEGAL_FORMS, ORGANISATION_KINDS, type CauseArea, type GiveBackKind, type LegalForm, type OrganisationKind } from '../../../common/domain/vocabulary';

export class EngagementDto {
  @ApiPropertyOptional({ enum: CAUSE_AREAS, isArray: true, example: ['quality-education', 'good-health'], description: 'Cause areas the company prefers to support.' })
  @Optional() @ArrayMaxSize(17) @ArrayUnique() @IsIn(CAUSE_AREAS, { each: true })
  causeAreas?: CauseArea[];

  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, example: [EX_ID.borough], description: 'Districts the company wants to engage in.' })
  @Optional() @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  districtIds?: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: 1000000, example: 180, description: 'Volunteer hours the company plans to give per year.' })
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000)
  yearlyHours?: number;
}

export class CreateOrganisationDto {
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'nonprofit' })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiProperty({ minLength: 2, maxLength: 200, example: EX_NAME.nonprofit })
  @IsString() @Length(2, 200)
  name: string;

  @ApiProperty({ format: 'uuid', example: EX_ID.quarter, description: 'Home district (usually a Quartier).' })
  @IsUUID()
  districtId: string;

  @ApiPropertyOptional({ enum: LEGAL_FORMS, example: 'ggmbh', description: 'Rechtsform; must fit the kind (e.g. registered_association for nonprofits, gmbh for companies).' })
  @IsOptional() @IsIn(LEGAL_FORMS)
  legalForm?: LegalForm;

  @ApiPropertyOptional({ maxLength: 5000, example: EX_TEXT.nonprofitDescription, description: 'Who you are and what you do (UPJ step 1: your profile).' })
  @Optional() @IsString() @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Am Römerkastell 12' })
  @IsOptional() @IsString() @MaxLength(200)
  street?: string;

  @ApiPropertyOptional({ pattern: '^\\d{5}$', example: '70376' })
  @IsOptional() @Matches(/^\d{5}$/, { message: 'postalCode must be a German postal code of five digits' })
  postalCode?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'Stuttgart' })
  @IsOptional() @IsString() @MaxLength(100)
  city?: string;

  @ApiPropertyOptional({ minimum: -90, maximum: 90, example: 48.81531 })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90)
  lat?: number;

  @ApiPropertyOptional({ minimum: -180, maximum: 180, example: 9.20719 })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180)
  lon?: number;

  @ApiPropertyOptional({ enum: CAUSE_AREAS, isArray: true, example: ['quality-education', 'reduced-inequalities'], description: 'What the organisation works for (the 17 SDGs).' })
  @Optional() @ArrayMaxSize(17) @ArrayUnique() @IsIn(CAUSE_AREAS, { each: true })
  causeAreas?: CauseArea[];

  @ApiPropertyOptional({ maxLength: 300, example: 'https://jugendhaus-hallschlag.example' })
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(300)
  website?: string;

  @ApiPropertyOptional({ maxLength: 200, example: EX_NAME.nonprofitUser })
  @IsOptional() @IsString() @MaxLength(200)
  contactName?: string;

  @ApiPropertyOptional({ maxLength: 254, example: EX_EMAIL.nonprofitUser })
  @IsOptional() @IsEmail() @MaxLength(254)
  contactEmail?: string;

  @ApiPropertyOptional({ maxLength: 40, example: '+49 711 5503120' })
  @IsOptional() @Matches(/^[+0-9 ()/-]{5,40}$/, { message: 'contactPhone may hold digits, spaces and + ( ) / - only' })
  contactPhone?: string;

  @ApiPropertyOptional({ enum: GIVE_BACK_KINDS, isArray: true, example: ['visibility', 'team_event', 'thank_you_event'], description: 'Nonprofits only: Gegenleistungen you can give back.' })
  @Optional() @ArrayMaxSize(GIVE_BACK_KINDS.length) @ArrayUnique() @IsIn(GIVE_BACK_KINDS, { each: true })
  giveBacks?: GiveBackKind[];

  @ApiPropertyOptional({ type: EngagementDto, description: 'Companies only: engagement preferences.' })
  @Optional() @IsNestedObject() @ValidateNested() @Type(() => EngagementDto)
  engagement?: EngagementDto;
}

/**
 * Whole profiles as request examples: the schema's property examples mix both kinds (giveBacks
 * are for nonprofits, engagement for companies, and a profile with both is refused).
 */
export const ORGANISATION_EXAMPLES = {
  nonprofit: {
    kind: 'nonprofit',
    name: EX_NAME.nonprofit,
    districtId: EX_ID.quarter,
    legalForm: 'ggmbh',
    description: EX_TEXT.nonprofitDescription,
    street: 'Am Römerkastell 12',
    postalCode: '70376',
    city: 'Stuttgart',
    lat: 48.81531,
    lon: 9.20719,
    causeAreas: ['quality-education', 'reduced-inequalities'],
    website: 'https://jugendhaus-hallschlag.example',
    contactName: EX_NAME.nonprofitUser,
    contactEmail: EX_EMAIL.nonprofitUser,
    contactPhone: '+49 711 5503120',
    giveBacks: ['visibility', 'team_event', 'thank_you_event'],
  },
  company: {
    kind: 'company',
    name: EX_NAME.company,
    districtId: EX_ID.quarter2,
    legalForm: 'gmbh',
    description: EX_TEXT.companyDescription,
    street: 'Pragstraße 140',
    postalCode: '70376',
    city: 'Stuttgart',
    lat: 48.79994,
    lon: 9.2125,
    causeAreas: ['decent-work', 'sustainable-cities'],
    website: 'https://autohaus-remsblick.example',
    contactName: EX_NAME.companyUser,
    contactEmail: EX_EMAIL.companyUser,
    contactPhone: '+49 711 9540140',
    engagement: { causeAreas: ['quality-education', 'good-health'], districtIds: [EX_ID.borough], yearlyHours: 180 },
  },
} satisfies Record<'nonprofit' | 'company', CreateOrganisationDto>;

/** PATCH bodies: a nonprofit names its Gegenleistungen, a company its engagement. */
export const UPDATE_ORGANISATION_EXAMPLES = {
  nonprofit: { summary: 'A nonprofit: contact and Gegenleistungen', value: { contactPhone: '+49 711 5503120', giveBacks: ['visibility', 'team_event', 'thank_you_event'] } },
  company: { summary: 'A company: engagement preferences', value: { engagement: { causeAreas: ['quality-education', 'good-health'], districtIds: [EX_ID.borough], yearlyHours: 180 } } },
};

export class UpdateOrganisationDto extends PartialType(OmitType(CreateOrganisationDto, ['kind'] as const), { skipNullProperties: false }) {}
