import { ApiProperty } from '@nestjs/swagger';
import { MARKETPLACE_ACTIONS, MARKETPLACE_STATUSES, REGISTRATION_STATUSES, type MarketplaceAction, type MarketplaceStatus, type RegistrationStatus } from '../marketplace.machine';
import { EX_ID, EX_NAME, EX_TEXT, EX_TIME, exCursor } from '../../../common/examples';

export class MarketplaceDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.marketplace }) id: string;
  @ApiProperty({ enum: MARKETPLACE_STATUSES, example: 'scheduled' }) status: MarketplaceStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: EX_ID.round }) roundId: string | null;
  @ApiProperty({ format: 'uuid', example: EX_ID.borough, description: 'The lowest district containing all its Quartiere: its organisers run the event.' }) districtId: string;
  @ApiProperty({ type: [String], format: 'uuid', example: [EX_ID.quarter, EX_ID.quarter2] }) quarterIds: string[];
  @ApiProperty({ example: EX_NAME.marketplace }) name: string;
  @ApiProperty({ example: EX_TEXT.marketplacePlace }) place: string;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.marketplaceStarts }) startsAt: Date;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.marketplaceEnds }) endsAt: Date;
  @ApiProperty({ example: 60 }) capacity: number;
  @ApiProperty({ example: 20 }) tables: number;
  @ApiProperty({ type: Number, nullable: true, example: 6 }) slotCount: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 15 }) slotMinutes: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.firstSlot }) firstSlotAt: Date | null;
  @ApiProperty({ example: 42, description: 'Registered organisations.' }) registeredCount: number;
  @ApiProperty({ example: 18, description: 'Places still free (capacity minus registered).' }) freePlaces: number;
  @ApiProperty({ example: 0, description: 'Organisations on the waitlist.' }) waitlistCount: number;
  @ApiProperty({ enum: MARKETPLACE_ACTIONS, isArray: true, example: ['reopen', 'schedule', 'start', 'cancel'], description: 'Lifecycle actions you may take now (organisers and admins; empty for everybody else).' })
  allowedActions: MarketplaceAction[];
  @ApiProperty({ example: 7 }) version: number;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.marketplaceCreated }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.schedulePublished }) updatedAt: Date;
}

export class MarketplacePageDto {
  @ApiProperty({ type: [MarketplaceDto] }) items: MarketplaceDto[];
  @ApiProperty({ type: String, nullable: true, example: exCursor('startsAt', EX_TIME.marketplaceStarts, EX_ID.marketplace) }) nextCursor: string | null;
}

export class RegistrationOrganisationDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) id: string;
  @ApiProperty({ example: EX_NAME.nonprofit }) name: string;
  @ApiProperty({ enum: ['nonprofit', 'company'], example: 'nonprofit' }) kind: string;
}

export class RegistrationDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.registration }) id: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.marketplace }) marketplaceId: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ type: RegistrationOrganisationDto }) organisation: RegistrationOrganisationDto;
  @ApiProperty({ enum: REGISTRATION_STATUSES, example: 'registered' }) status: RegistrationStatus;
  @ApiProperty({ type: Number, nullable: true, example: null, description: '1, 2, ... while waitlisted.' }) waitlistPosition: number | null;
  @ApiProperty({ type: [String], format: 'uuid', example: [EX_ID.need2] }) needIds: string[];
  @ApiProperty({ type: [String], format: 'uuid', example: [] }) offerIds: string[];
  @ApiProperty({ example: true }) listedPublicly: boolean;
  @ApiProperty({ type: [Number], example: [5] }) unavailableSlots: number[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) invitedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.registered }) registeredAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) cancelledAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.checkedIn }) checkedInAt: Date | null;
  @ApiProperty({ example: false, description: 'Registered but did not come (set when the event finishes).' }) noShow: boolean;
  @ApiProperty({ type: Number, nullable: true, example: 0, description: 'Organisers and admins: no-shows of this organisation at earlier events (null for brokers and members).' })
  noShows: number | null;
  @ApiProperty({ example: 3 }) version: number;
}

export class RegistrationListDto {
  @ApiProperty({ type: [RegistrationDto] }) items: RegistrationDto[];
}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.nonprofit }) organisationId: string;
  @ApiProperty({ example: EX_NAME.nonprofit }) name: string;
  @ApiProperty({ enum: ['nonprofit', 'company'], example: 'nonprofit' }) kind: string;
}

export class ParticipantListDto {
  @ApiProperty({ type: [ParticipantDto], description: 'Registered organisations that opted in to be listed publicly.' }) items: ParticipantDto[];
}

export class MarketplaceHistoryEntryDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.marketplace }) marketplaceId: string;
  @ApiProperty({ example: EX_NAME.marketplace }) name: string;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.marketplaceStarts }) startsAt: Date;
  @ApiProperty({ enum: MARKETPLACE_STATUSES, example: 'finished' }) marketplaceStatus: MarketplaceStatus;
  @ApiProperty({ enum: REGISTRATION_STATUSES, example: 'registered' }) status: RegistrationStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX_TIME.checkedIn }) checkedInAt: Date | null;
  @ApiProperty({ example: false }) noShow: boolean;
}

export class MarketplaceHistoryDto {
  @ApiProperty({ example: 2, description: 'Events it was registered for (including the no-shows).' }) registered: number;
  @ApiProperty({ example: 2, description: 'Events it checked in at.' }) attended: number;
  @ApiProperty({ example: 0, description: 'Registered but did not come.' }) noShows: number;
  @ApiProperty({ type: [MarketplaceHistoryEntryDto], description: 'Newest first (up to 200).' }) items: MarketplaceHistoryEntryDto[];
}
