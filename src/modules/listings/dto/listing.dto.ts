import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VerificationBadgeDto } from '../../trust/dto/verification.dto';
import { CATEGORIES, ORGANISATION_KINDS, UNITS, type Category, type OrganisationKind, type Unit } from '../../../common/domain/vocabulary';

export class OrganisationSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ type: VerificationBadgeDto, description: 'Trust badge: verified by an organiser of the district.' }) verification: VerificationBadgeDto;
}

export class ListingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ type: OrganisationSummaryDto }) organisation: OrganisationSummaryDto;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: CATEGORIES }) category: Category;
  @ApiProperty({ type: String, isArray: true }) tags: string[];
  @ApiProperty({ enum: UNITS }) unit: Unit;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startsAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endsAt: Date | null;
  @ApiProperty() lat: number;
  @ApiProperty() lon: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: Date | null;
  @ApiProperty({ type: String, isArray: true, description: 'Actions allowed now (POST .../{id}/{action}).' }) allowedActions: string[];
  @ApiPropertyOptional({ description: 'Distance in km from `near`, when given.' }) distanceKm?: number;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}
