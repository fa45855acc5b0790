import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type ValueTransformer } from 'typeorm';
import { BaseRecord } from '../../database/base.entity';
import { District } from '../districts/district.entity';
import { Organisation } from '../organisations/organisation.entity';
import { User } from '../users/user.entity';
import {
  MARKETPLACE_STATUSES,
  MEETING_WISHES,
  REGISTRATION_STATUSES,
  ROUND_STATUSES,
  SCHEDULE_STATUSES,
  type MarketplaceStatus,
  type MeetingWish,
  type RegistrationStatus,
  type RoundStatus,
  type ScheduleStatus,
} from './marketplace.machine';

const pad = (n: number) => String(n).padStart(2, '0');

/** node-postgres reads date[] as JS Dates (local midnight); the entities hold them as YYYY-MM-DD like single date columns. */
const DATE_ARRAY: ValueTransformer = {
  to: (v: unknown) => v,
  from: (v: unknown) =>
    Array.isArray(v) ? v.map((d) => (d instanceof Date ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : String(d))) : v,
};

/**
 * A round (Runde): decentralised marketplaces in a city or borough over a period. The plan-round
 * job writes a draft plan (`plan`) from the Quartiere's pools and matches; the organiser edits
 * and confirms it, which creates the marketplaces.
 */
@Entity('rounds')
@Check('rounds_period_check', `"period_end" >= "period_start"`)
@Check('rounds_target_check', `"target_min" > 0 AND "target_max" >= "target_min"`)
@Index('rounds_district_idx', ['districtId', 'periodStart'])
export class Round extends BaseRecord {
  @Column({ type: 'enum', enum: ROUND_STATUSES, enumName: 'round_status', default: 'draft' })
  status: RoundStatus;

  /** The city or borough the round covers (its organisers run it). */
  @Column({ type: 'uuid' })
  districtId: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id' })
  district?: District;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'date' })
  periodStart: string;

  @Column({ type: 'date' })
  periodEnd: string;

  /** Dates on which events may take place (each venue says which of them it has). */
  @Column({ type: 'date', array: true, default: () => "'{}'", transformer: DATE_ARRAY })
  candidateDates: string[];

  /** Participants an event should have (organisations), e.g. 40..120. */
  @Column({ type: 'integer' })
  targetMin: number;

  @Column({ type: 'integer' })
  targetMax: number;

  /** The draft plan of the last plan-round run (events, Quartiere left out, totals), then the organiser's edits. */
  @Column({ type: 'jsonb', nullable: true })
  plan: object | null;

  /** Fingerprint of the inputs the plan was made from: a re-run on unchanged inputs writes nothing. */
  @Column({ type: 'text', nullable: true })
  planInputHash: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  plannedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdByUser?: User;
}

/** A venue offered for a round: where, how many people and tables, on which of the candidate dates. */
@Entity('round_venues')
@Check('round_venues_capacity_check', `"capacity" > 0 AND "tables" > 0`)
@Index('round_venues_round_idx', ['roundId'])
export class RoundVenue {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roundId: string;

  @ManyToOne(() => Round, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: Round;

  /** The Quartier (or borough) the venue is in. */
  @Column({ type: 'uuid' })
  districtId: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id' })
  district?: District;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  address: string;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lon: number;

  @Column({ type: 'integer' })
  capacity: number;

  @Column({ type: 'integer' })
  tables: number;

  @Column({ type: 'date', array: true, default: () => "'{}'", transformer: DATE_ARRAY })
  availableDates: string[];

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/**
 * A marketplace (Marktplatz für Gute Geschäfte): one 90-120 minute event for one or more
 * neighbouring Quartiere, with time slots and tables for 1:1 meetings.
 */
@Entity('marketplaces')
@Check('marketplaces_time_check', `"ends_at" > "starts_at"`)
@Check('marketplaces_capacity_check', `"capacity" > 0 AND "tables" > 0 AND COALESCE("slot_count", 1) > 0 AND COALESCE("slot_minutes", 1) > 0`)
@Index('marketplaces_district_starts_idx', ['districtId', 'startsAt'])
@Index('marketplaces_round_idx', ['roundId'])
export class Marketplace extends BaseRecord {
  @Column({ type: 'enum', enum: MARKETPLACE_STATUSES, enumName: 'marketplace_status', default: 'draft' })
  status: MarketplaceStatus;

  /** The round it belongs to (null: an event organised on its own). */
  @Column({ type: 'uuid', nullable: true })
  roundId: string | null;

  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: Round;

  /** The district whose organisers run it: the lowest district containing all its Quartiere. */
  @Column({ type: 'uuid' })
  districtId: string;

  @ManyToOne(() => District, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'district_id' })
  district?: District;

  /** The Quartiere it is for (one, or small neighbours merged). */
  @Column({ type: 'uuid', array: true })
  quarterIds: string[];

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'uuid', nullable: true })
  venueId: string | null;

  @ManyToOne(() => RoundVenue, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'venue_id' })
  venue?: RoundVenue;

  @Column({ type: 'text', default: '' })
  place: string;

  @Column({ type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  endsAt: Date;

  /** Organisations that can register before the waitlist starts. */
  @Column({ type: 'integer' })
  capacity: number;

  @Column({ type: 'integer' })
  tables: number;

  /** 1:1 meetings: number and length of the slots, and when the first begins (null: no pre-arranged meetings). */
  @Column({ type: 'integer', nullable: true })
  slotCount: number | null;

  @Column({ type: 'integer', nullable: true })
  slotMinutes: number | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  firstSlotAt: Date | null;

  /** What the plan expected: participants and match value. */
  @Column({ type: 'integer', nullable: true })
  expectedParticipants: number | null;

  @Column({ type: 'double precision', nullable: true })
  plannedValue: number | null;
}

/** An organisation at a marketplace: invited, registered or on the waitlist; checked in on the day. */
@Entity('marketplace_registrations')
@Index('marketplace_registrations_key', ['marketplaceId', 'organisationId'], { unique: true })
@Index('marketplace_registrations_waitlist_idx', ['marketplaceId', 'status', 'waitlistPosition'])
@Index('marketplace_registrations_organisation_idx', ['organisationId'])
export class MarketplaceRegistration extends BaseRecord {
  @Column({ type: 'uuid' })
  marketplaceId: string;

  @ManyToOne(() => Marketplace, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'marketplace_id' })
  marketplace?: Marketplace;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'enum', enum: REGISTRATION_STATUSES, enumName: 'registration_status' })
  status: RegistrationStatus;

  /** 1, 2, ... while waitlisted; moves up when a registered organisation cancels. */
  @Column({ type: 'integer', nullable: true })
  waitlistPosition: number | null;

  /** The needs and offers it brings. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  needIds: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  offerIds: string[];

  /** Opt-in: listed on the public participant list (privacy by default). */
  @Column({ type: 'boolean', default: false })
  listedPublicly: boolean;

  /** Slots (0-based) it cannot meet in: arrives late, leaves early. */
  @Column({ type: 'integer', array: true, default: () => "'{}'" })
  unavailableSlots: number[];

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  invitedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  registeredAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  checkedInAt: Date | null;

  /** Registered but did not come (recorded after the event; organisers see it in later rounds). */
  @Column({ type: 'boolean', default: false })
  noShow: boolean;

  @Column({ type: 'uuid', nullable: true })
  registeredByUserId: string | null;
}

/**
 * A wish for a 1:1 meeting between a nonprofit and a company at a marketplace: each side's wish
 * (must, would, accepted = answered yes, declined). Held when both sides said yes.
 */
@Entity('meeting_requests')
@Check('meeting_requests_parties_check', `"nonprofit_id" <> "company_id"`)
@Index('meeting_requests_pair_key', ['marketplaceId', 'nonprofitId', 'companyId'], { unique: true })
export class MeetingRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  marketplaceId: string;

  @ManyToOne(() => Marketplace, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'marketplace_id' })
  marketplace?: Marketplace;

  @Column({ type: 'uuid' })
  nonprofitId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'nonprofit_id' })
  nonprofit?: Organisation;

  @Column({ type: 'uuid' })
  companyId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id' })
  company?: Organisation;

  /** The side that asked first. */
  @Column({ type: 'uuid' })
  requestedByOrganisationId: string;

  @Column({ type: 'enum', enum: MEETING_WISHES, enumName: 'meeting_wish', nullable: true })
  nonprofitWish: MeetingWish | null;

  @Column({ type: 'enum', enum: MEETING_WISHES, enumName: 'meeting_wish', nullable: true })
  companyWish: MeetingWish | null;

  /** The pair's match score when it was asked (0..1; 0 without a match). */
  @Column({ type: 'double precision', default: 0 })
  matchScore: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  answeredAt: Date | null;
}

/**
 * A version of a marketplace's meeting schedule, made by the schedule-event job: a draft the
 * organiser reviews, then published (announced: the agendas); publishing a newer version
 * supersedes it. At most one published version per marketplace. The slot settings are copied in,
 * so an announced agenda keeps its times whatever the event's settings say later.
 */
@Entity('meeting_schedules')
@Check('meeting_schedules_slots_check', `"slot_count" > 0 AND "tables" > 0 AND "slot_minutes" > 0`)
@Index('meeting_schedules_version_key', ['marketplaceId', 'version'], { unique: true })
@Index('meeting_schedules_published_key', ['marketplaceId'], { unique: true, where: `"status" = 'published'` })
export class MeetingSchedule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  marketplaceId: string;

  @ManyToOne(() => Marketplace, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'marketplace_id' })
  marketplace?: Marketplace;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'enum', enum: SCHEDULE_STATUSES, enumName: 'schedule_status', default: 'draft' })
  status: ScheduleStatus;

  /** Fingerprint of the inputs (requests, participants, slots, tables): the same inputs make no new version. */
  @Column({ type: 'text' })
  inputHash: string;

  /** The event's slot settings when the version was made: number and length of the slots, when slot 0 begins, tables. */
  @Column({ type: 'integer' })
  slotCount: number;

  @Column({ type: 'integer' })
  slotMinutes: number;

  @Column({ type: 'timestamptz', precision: 3 })
  firstSlotAt: Date;

  @Column({ type: 'integer' })
  tables: number;

  /** The published version this one was made against (fewest changes to its meetings), if any. */
  @Column({ type: 'integer', nullable: true })
  baseVersion: number | null;

  @Column({ type: 'integer' })
  lowerBound: number;

  @Column({ type: 'integer' })
  slotsUsed: number;

  /** Meetings in this version (its rows in `meetings`). */
  @Column({ type: 'integer' })
  meetingsHeld: number;

  @Column({ type: 'bigint' })
  valueHeld: string;

  @Column({ type: 'bigint' })
  valueRequested: string;

  /** What could not be placed and why, and the changes against the previous published version. */
  @Column({ type: 'jsonb' })
  diagnostics: object;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  publishedAt: Date | null;

  /** Who asked for the run that made it, and who published it. */
  @Column({ type: 'uuid', nullable: true })
  requestedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'requested_by_user_id' })
  requestedByUser?: User;

  @Column({ type: 'uuid', nullable: true })
  publishedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'published_by_user_id' })
  publishedByUser?: User;
}

/** One held meeting of a schedule version: which request, in which slot, at which table. */
@Entity('meetings')
@Check('meetings_slot_table_check', `"slot" >= 0 AND "table_no" > 0`)
@Index('meetings_request_key', ['scheduleId', 'requestId'], { unique: true })
@Index('meetings_slot_table_key', ['scheduleId', 'slot', 'tableNo'], { unique: true })
@Index('meetings_slot_nonprofit_key', ['scheduleId', 'slot', 'nonprofitId'], { unique: true })
@Index('meetings_slot_company_key', ['scheduleId', 'slot', 'companyId'], { unique: true })
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  scheduleId: string;

  @ManyToOne(() => MeetingSchedule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'schedule_id' })
  schedule?: MeetingSchedule;

  @Column({ type: 'uuid' })
  requestId: string;

  @ManyToOne(() => MeetingRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id' })
  request?: MeetingRequest;

  /** The request's two sides, copied so that the database itself refuses anyone in two meetings of one slot. */
  @Column({ type: 'uuid' })
  nonprofitId: string;

  @Column({ type: 'uuid' })
  companyId: string;

  /** 0-based slot index. */
  @Column({ type: 'integer' })
  slot: number;

  /** 1-based table number, as printed on the table plan. */
  @Column({ type: 'integer' })
  tableNo: number;
}
