import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { GIVE_BACK_KINDS, UNITS, type GiveBackKind, type Unit } from '../../../common/domain/vocabulary';
import { IsNotMoney, IsNumberWithDecimals } from '../../../common/http/validation';
import { COOPERATION_SIDES, type CooperationSide } from '../implementation.entity';
import { EX_DAY, EX_ID, EX_TIME } from '../../../common/examples';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateUpdateDto {
  @ApiProperty({ minLength: 3, maxLength: 5000, example: 'Der Umzug ist zur Hälfte geschafft; die Küche folgt nächste Woche.' })
  @IsString() @Length(3, 5000) @IsNotMoney('text')
  note: string;
}

export class CooperationUpdateDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.update }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) authorOrganisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofitUser }) authorUserId: string | null;
  @ApiProperty({ example: 'Der Umzug ist zur Hälfte geschafft; die Küche folgt nächste Woche.' }) note: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-03-06T17:30:00.000Z' }) createdAt: Date;
}

export class CreateMilestoneDto {
  @ApiProperty({ minLength: 3, maxLength: 300, example: 'Möbel im neuen Jugendtreff' })
  @IsString() @Length(3, 300) @IsNotMoney('text')
  title: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: EX_DAY.milestoneDue })
  @IsOptional() @IsString() @Matches(DAY, { message: 'dueOn must be a date written YYYY-MM-DD' })
  dueOn?: string | null;
}

export class MilestoneDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.milestone }) id: string;
  @ApiProperty({ example: 'Möbel im neuen Jugendtreff' }) title: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: EX_DAY.milestoneDue }) dueOn: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2027-03-06T16:30:00.000Z' }) doneAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofitUser }) doneByUserId: string | null;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) createdByOrganisationId: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2027-01-20T10:00:00.000Z' }) createdAt: Date;
}

/**
 * Hours and goods actually delivered, recorded by the side that delivered them: the company its
 * Leistung, the nonprofit its Gegenleistung. A quantity needs its unit; money is never delivered.
 */
export class CreateDeliveryDto {
  @ApiProperty({ minLength: 3, maxLength: 5000, example: '8 Mitarbeitende, 2 Transporter: Möbel und Kisten umgezogen.' })
  @IsString() @Length(3, 5000) @IsNotMoney('text')
  description: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, example: 40, description: 'Hours of work delivered.' })
  @IsOptional() @IsNumberWithDecimals(2) @Min(0) @Max(10_000_000)
  hours?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, example: 8, description: 'How much, in `unit` (both or neither).' })
  @IsOptional() @IsNumberWithDecimals(2) @Min(0) @Max(1_000_000_000)
  quantity?: number | null;

  @ApiPropertyOptional({ enum: UNITS, nullable: true, example: 'persons', description: 'Unit of the quantity. Money is never a unit (422 MONEY_NOT_ALLOWED).' })
  @IsOptional() @IsNotMoney() @IsIn(UNITS)
  unit?: Unit | null;

  @ApiProperty({ format: 'date', example: EX_DAY.delivered })
  @IsString() @Matches(DAY, { message: 'deliveredOn must be a date written YYYY-MM-DD' })
  deliveredOn: string;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.delivery }) id: string;
  @ApiProperty({ enum: COOPERATION_SIDES, example: 'company', description: 'company: part of the Leistung; nonprofit: the Gegenleistung.' }) side: CooperationSide;
  @ApiProperty({ example: '8 Mitarbeitende, 2 Transporter: Möbel und Kisten umgezogen.' }) description: string;
  @ApiProperty({ type: Number, nullable: true, example: 40 }) hours: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 8 }) quantity: number | null;
  @ApiProperty({ enum: UNITS, nullable: true, example: 'persons' }) unit: Unit | null;
  @ApiProperty({ format: 'date', example: EX_DAY.delivered }) deliveredOn: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.companyUser }) recordedByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.confirmed, description: 'When the receiving side confirmed it.' }) confirmedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EX_ID.nonprofitUser }) confirmedByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.delivered }) createdAt: Date;
}

export class UpdateListDto {
  @ApiProperty({ type: CooperationUpdateDto, isArray: true, description: 'Newest first.' }) items: CooperationUpdateDto[];
}
export class MilestoneListDto {
  @ApiProperty({ type: MilestoneDto, isArray: true, description: 'By due date (undated last).' }) items: MilestoneDto[];
}
export class DeliveryListDto {
  @ApiProperty({ type: DeliveryDto, isArray: true, description: 'By delivery date.' }) items: DeliveryDto[];
}

class AgreedDto {
  @ApiProperty({ type: Number, nullable: true, example: 40, description: 'Estimated hours in the agreement.' }) hours: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 40 }) quantity: number | null;
  @ApiProperty({ enum: UNITS, nullable: true, example: 'hours' }) unit: Unit | null;
  @ApiProperty({ enum: GIVE_BACK_KINDS, nullable: true, example: 'thank_you_event' }) giveBackKind: GiveBackKind | null;
}
class DeliveredDto {
  @ApiProperty({ example: 40, description: 'Hours the company recorded.' }) hours: number;
  @ApiProperty({ example: 40, description: 'Quantity the company recorded in the agreed unit (for an agreement in hours, deliveries given only in hours count).' }) quantity: number;
  @ApiProperty({ example: 40, description: 'Of those hours, confirmed by the nonprofit.' }) confirmedHours: number;
  @ApiProperty({ example: 40 }) confirmedQuantity: number;
  @ApiProperty({ example: 1 }) records: number;
}
class GiveBackDeliveredDto {
  @ApiProperty({ example: true, description: 'The nonprofit recorded its Gegenleistung at least once.' }) delivered: boolean;
  @ApiProperty({ example: false, description: 'The company confirmed a Gegenleistung record.' }) confirmed: boolean;
  @ApiProperty({ example: 1 }) records: number;
}
export class DeliverySummaryDto {
  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'The agreement version in force the figures compare with.' }) agreementVersion: number | null;
  @ApiProperty({ type: AgreedDto }) agreed: AgreedDto;
  @ApiProperty({ type: DeliveredDto }) delivered: DeliveredDto;
  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'Delivered / agreed quantity (above 1 when more was delivered).' }) realisation: number | null;
  @ApiProperty({ type: GiveBackDeliveredDto, description: 'Gegenleistung delivered: yes or no.' }) giveBack: GiveBackDeliveredDto;
}
