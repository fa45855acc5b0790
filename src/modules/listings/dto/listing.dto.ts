import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';
import { CATEGORIES, ORGANISATION_KINDS, UNITS, type Category, type OrganisationKind, type Unit } from '../../../common/domain/vocabulary';
import { EX_ID, EX_NAME, EX_TEXT, EX_TIME } from '../../../common/examples';

export class OrganisationSummaryDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) id: string;
  @ApiProperty({ example: EX_NAME.nonprofit }) name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'nonprofit' }) kind: OrganisationKind;
  @ApiProperty({ type: VerificationBadgeDto, description: 'Trust badge: verified by an organiser of the district.' }) verification: VerificationBadgeDto;
}

/** What needs and offers share; the examples are the need's (OfferDto has its own). */
export class ListingDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.need }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ type: OrganisationSummaryDto }) organisation: OrganisationSummaryDto;
  @ApiProperty({ example: EX_NAME.needTitle }) title: string;
  @ApiProperty({ example: EX_TEXT.needDescription }) description: string;
  @ApiProperty({ enum: CATEGORIES, example: 'time' }) category: Category;
  @ApiProperty({ type: String, isArray: true, example: ['umzug', 'möbel', 'jugend', 'helfer'] }) tags: string[];
  @ApiProperty({ enum: UNITS, example: 'persons' }) unit: Unit;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.listingStarts }) startsAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.listingEnds }) endsAt: Date | null;
  @ApiProperty({ example: 48.81531 }) lat: number;
  @ApiProperty({ example: 9.20719 }) lon: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.needPublished }) publishedAt: Date | null;
  @ApiProperty({ type: String, isArray: true, example: ['match', 'fulfil', 'withdraw'], description: 'Actions allowed now (POST .../{id}/{action}).' }) allowedActions: string[];
  @ApiPropertyOptional({ example: 1.3, description: 'Distance in km from `near`, when given.' }) distanceKm?: number;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.needCreated }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.needUpdated }) updatedAt: Date;
}
