import { ApiProperty } from '@nestjs/swagger';
import { MARKETPLACE_ACTIONS, MARKETPLACE_STATUSES, REGISTRATION_STATUSES, type MarketplaceAction, type MarketplaceStatus, type RegistrationStatus } from '../marketplace.machine';

export class MarketplaceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MARKETPLACE_STATUSES }) status: MarketplaceStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) roundId: string | null;
  @ApiProperty({ format: 'uuid', description: 'The lowest district containing all its Quartiere: its organisers run the event.' }) districtId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) quarterIds: string[];
  @ApiProperty() name: string;
  @ApiProperty() place: string;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) endsAt: Date;
  @ApiProperty() capacity: number;
  @ApiProperty() tables: number;
  @ApiProperty({ type: Number, nullable: true }) slotCount: number | null;
  @ApiProperty({ type: Number, nullable: true }) slotMinutes: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) firstSlotAt: Date | null;
  @ApiProperty({ description: 'Registered organisations.' }) registeredCount: number;
  @ApiProperty({ description: 'Places still free (capacity minus registered).' }) freePlaces: number;
  @ApiProperty({ description: 'Organisations on the waitlist.' }) waitlistCount: number;
  @ApiProperty({ enum: MARKETPLACE_ACTIONS, isArray: true, description: 'Lifecycle actions you may take now (organisers and admins; empty for everybody else).' })
  allowedActions: MarketplaceAction[];
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class MarketplacePageDto {
  @ApiProperty({ type: [MarketplaceDto] }) items: MarketplaceDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class RegistrationOrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['nonprofit', 'company'] }) kind: string;
}

export class RegistrationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) marketplaceId: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ type: RegistrationOrganisationDto }) organisation: RegistrationOrganisationDto;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty({ type: Number, nullable: true, description: '1, 2, ... while waitlisted.' }) waitlistPosition: number | null;
  @ApiProperty({ type: [String], format: 'uuid' }) needIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) offerIds: string[];
  @ApiProperty() listedPublicly: boolean;
  @ApiProperty({ type: [Number] }) unavailableSlots: number[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) invitedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) registeredAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) checkedInAt: Date | null;
  @ApiProperty({ description: 'Registered but did not come (set when the event finishes).' }) noShow: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Organisers and admins: no-shows of this organisation at earlier events (null for brokers and members).' })
  noShows: number | null;
  @ApiProperty() version: number;
}

export class RegistrationListDto {
  @ApiProperty({ type: [RegistrationDto] }) items: RegistrationDto[];
}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['nonprofit', 'company'] }) kind: string;
}

export class ParticipantListDto {
  @ApiProperty({ type: [ParticipantDto], description: 'Registered organisations that opted in to be listed publicly.' }) items: ParticipantDto[];
}

export class MarketplaceHistoryEntryDto {
  @ApiProperty({ format: 'uuid' }) marketplaceId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'date-time' }) startsAt: Date;
  @ApiProperty({ enum: MARKETPLACE_STATUSES }) marketplaceStatus: MarketplaceStatus;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) checkedInAt: Date | null;
  @ApiProperty() noShow: boolean;
}

export class MarketplaceHistoryDto {
  @ApiProperty({ description: 'Events it was registered for (including the no-shows).' }) registered: number;
  @ApiProperty({ description: 'Events it checked in at.' }) attended: number;
  @ApiProperty({ description: 'Registered but did not come.' }) noShows: number;
  @ApiProperty({ type: [MarketplaceHistoryEntryDto], description: 'Newest first (up to 200).' }) items: MarketplaceHistoryEntryDto[];
}
