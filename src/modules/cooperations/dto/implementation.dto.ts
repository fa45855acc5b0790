import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { GIVE_BACK_KINDS, UNITS, type GiveBackKind, type Unit } from '../../../common/domain/vocabulary';
import { IsNotMoney } from '../../../common/http/validation';
import { COOPERATION_SIDES, type CooperationSide } from '../implementation.entity';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateUpdateDto {
  @ApiProperty({ minLength: 3, maxLength: 5000, example: 'Der Umzug ist zur Hälfte geschafft; die Küche folgt nächste Woche.' })
  @IsString() @Length(3, 5000) @IsNotMoney('text')
  note: string;
}

export class CooperationUpdateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) authorOrganisationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) authorUserId: string | null;
  @ApiProperty() note: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class CreateMilestoneDto {
  @ApiProperty({ minLength: 3, maxLength: 300, example: 'Möbel im neuen Jugendtreff' })
  @IsString() @Length(3, 300) @IsNotMoney('text')
  title: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-03-15' })
  @IsOptional() @IsString() @Matches(DAY, { message: 'dueOn must be a date written YYYY-MM-DD' })
  dueOn?: string | null;
}

export class MilestoneDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueOn: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) doneAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) doneByUserId: string | null;
  @ApiProperty({ format: 'uuid' }) createdByOrganisationId: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

/**
 * Hours and goods actually delivered, recorded by the side that delivered them: the company its
 * Leistung, the nonprofit its Gegenleistung. A quantity needs its unit; money is never delivered.
 */
export class CreateDeliveryDto {
  @ApiProperty({ minLength: 3, maxLength: 5000, example: '8 Mitarbeitende, 2 Transporter: Möbel und Kisten umgezogen.' })
  @IsString() @Length(3, 5000) @IsNotMoney('text')
  description: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, example: 16, description: 'Hours of work delivered.' })
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(10_000_000)
  hours?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, example: 30, description: 'How much, in `unit` (both or neither).' })
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(1_000_000_000)
  quantity?: number | null;

  @ApiPropertyOptional({ enum: UNITS, nullable: true, description: 'Unit of the quantity. Money is never a unit (422 MONEY_NOT_ALLOWED).' })
  @IsOptional() @IsNotMoney() @IsIn(UNITS)
  unit?: Unit | null;

  @ApiProperty({ format: 'date', example: '2027-03-12' })
  @IsString() @Matches(DAY, { message: 'deliveredOn must be a date written YYYY-MM-DD' })
  deliveredOn: string;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: COOPERATION_SIDES, description: 'company: part of the Leistung; nonprofit: the Gegenleistung.' }) side: CooperationSide;
  @ApiProperty() description: string;
  @ApiProperty({ type: Number, nullable: true }) hours: number | null;
  @ApiProperty({ type: Number, nullable: true }) quantity: number | null;
  @ApiProperty({ enum: UNITS, nullable: true }) unit: Unit | null;
  @ApiProperty({ format: 'date' }) deliveredOn: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) recordedByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the receiving side confirmed it.' }) confirmedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) confirmedByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
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
  @ApiProperty({ type: Number, nullable: true, description: 'Estimated hours in the agreement.' }) hours: number | null;
  @ApiProperty({ type: Number, nullable: true }) quantity: number | null;
  @ApiProperty({ enum: UNITS, nullable: true }) unit: Unit | null;
  @ApiProperty({ enum: GIVE_BACK_KINDS, nullable: true }) giveBackKind: GiveBackKind | null;
}
class DeliveredDto {
  @ApiProperty({ description: 'Hours the company recorded.' }) hours: number;
  @ApiProperty({ description: 'Quantity the company recorded in the agreed unit (for an agreement in hours, deliveries given only in hours count).' }) quantity: number;
  @ApiProperty({ description: 'Of those hours, confirmed by the nonprofit.' }) confirmedHours: number;
  @ApiProperty() confirmedQuantity: number;
  @ApiProperty() records: number;
}
class GiveBackDeliveredDto {
  @ApiProperty({ description: 'The nonprofit recorded its Gegenleistung at least once.' }) delivered: boolean;
  @ApiProperty({ description: 'The company confirmed a Gegenleistung record.' }) confirmed: boolean;
  @ApiProperty() records: number;
}
export class DeliverySummaryDto {
  @ApiProperty({ type: Number, nullable: true, description: 'The agreement version in force the figures compare with.' }) agreementVersion: number | null;
  @ApiProperty({ type: AgreedDto }) agreed: AgreedDto;
  @ApiProperty({ type: DeliveredDto }) delivered: DeliveredDto;
  @ApiProperty({ type: Number, nullable: true, description: 'Delivered / agreed quantity (above 1 when more was delivered).' }) realisation: number | null;
  @ApiProperty({ type: GiveBackDeliveredDto, description: 'Gegenleistung delivered: yes or no.' }) giveBack: GiveBackDeliveredDto;
}
