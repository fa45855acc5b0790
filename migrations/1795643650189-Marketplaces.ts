import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Marketplaces1795643650189 implements MigrationInterface {
  name = 'Marketplaces1795643650189';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."round_status" AS ENUM('draft', 'planned', 'confirmed', 'finished', 'cancelled')`);
    await queryRunner.query(`CREATE TABLE "rounds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "status" "public"."round_status" NOT NULL DEFAULT 'draft', "district_id" uuid NOT NULL, "name" text NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "candidate_dates" date array NOT NULL DEFAULT '{}', "target_min" integer NOT NULL, "target_max" integer NOT NULL, "plan" jsonb, "plan_input_hash" text, "planned_at" TIMESTAMP(3) WITH TIME ZONE, "confirmed_at" TIMESTAMP(3) WITH TIME ZONE, "created_by_user_id" uuid, CONSTRAINT "rounds_target_check" CHECK ("target_min" > 0 AND "target_max" >= "target_min"), CONSTRAINT "rounds_period_check" CHECK ("period_end" >= "period_start"), CONSTRAINT "PK_9d254884a20817016e2f877c7e7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "rounds_district_idx" ON "rounds"  ("district_id", "period_start") `);
    await queryRunner.query(`CREATE TABLE "round_venues" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "district_id" uuid NOT NULL, "name" text NOT NULL, "address" text NOT NULL DEFAULT '', "lat" double precision NOT NULL, "lon" double precision NOT NULL, "capacity" integer NOT NULL, "tables" integer NOT NULL, "available_dates" date array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "round_venues_capacity_check" CHECK ("capacity" > 0 AND "tables" > 0), CONSTRAINT "PK_84e269d2529cce0b417ef83bb42" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "round_venues_round_idx" ON "round_venues"  ("round_id") `);
    await queryRunner.query(`CREATE TYPE "public"."marketplace_status" AS ENUM('draft', 'open', 'closed', 'scheduled', 'running', 'finished', 'reported', 'cancelled')`);
    await queryRunner.query(`CREATE TABLE "marketplaces" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "status" "public"."marketplace_status" NOT NULL DEFAULT 'draft', "round_id" uuid, "district_id" uuid NOT NULL, "quarter_ids" uuid array NOT NULL, "name" text NOT NULL, "venue_id" uuid, "place" text NOT NULL DEFAULT '', "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "capacity" integer NOT NULL, "tables" integer NOT NULL, "slot_count" integer, "slot_minutes" integer, "first_slot_at" TIMESTAMP(3) WITH TIME ZONE, "expected_participants" integer, "planned_value" double precision, CONSTRAINT "marketplaces_capacity_check" CHECK ("capacity" > 0 AND "tables" > 0 AND COALESCE("slot_count", 1) > 0 AND COALESCE("slot_minutes", 1) > 0), CONSTRAINT "marketplaces_time_check" CHECK ("ends_at" > "starts_at"), CONSTRAINT "PK_e4d5b8aa6ae255c4ce370792f79" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "marketplaces_round_idx" ON "marketplaces"  ("round_id") `);
    await queryRunner.query(`CREATE INDEX "marketplaces_district_starts_idx" ON "marketplaces"  ("district_id", "starts_at") `);
    await queryRunner.query(`CREATE TYPE "public"."registration_status" AS ENUM('invited', 'registered', 'waitlisted', 'cancelled')`);
    await queryRunner.query(`CREATE TABLE "marketplace_registrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "marketplace_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "status" "public"."registration_status" NOT NULL, "waitlist_position" integer, "need_ids" uuid array NOT NULL DEFAULT '{}', "offer_ids" uuid array NOT NULL DEFAULT '{}', "listed_publicly" boolean NOT NULL DEFAULT false, "unavailable_slots" integer array NOT NULL DEFAULT '{}', "invited_at" TIMESTAMP(3) WITH TIME ZONE, "registered_at" TIMESTAMP(3) WITH TIME ZONE, "cancelled_at" TIMESTAMP(3) WITH TIME ZONE, "checked_in_at" TIMESTAMP(3) WITH TIME ZONE, "no_show" boolean NOT NULL DEFAULT false, "registered_by_user_id" uuid, CONSTRAINT "PK_a1f87aee2d3b2de61377bce2422" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "marketplace_registrations_organisation_idx" ON "marketplace_registrations"  ("organisation_id") `);
    await queryRunner.query(`CREATE INDEX "marketplace_registrations_waitlist_idx" ON "marketplace_registrations"  ("marketplace_id", "status", "waitlist_position") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "marketplace_registrations_key" ON "marketplace_registrations"  ("marketplace_id", "organisation_id") `);
    await queryRunner.query(`CREATE TYPE "public"."meeting_wish" AS ENUM('must', 'would', 'accepted', 'declined')`);
    await queryRunner.query(`CREATE TABLE "meeting_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "marketplace_id" uuid NOT NULL, "nonprofit_id" uuid NOT NULL, "company_id" uuid NOT NULL, "requested_by_organisation_id" uuid NOT NULL, "nonprofit_wish" "public"."meeting_wish", "company_wish" "public"."meeting_wish", "match_score" double precision NOT NULL DEFAULT '0', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "answered_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "meeting_requests_parties_check" CHECK ("nonprofit_id" <> "company_id"), CONSTRAINT "PK_418e48920b2acbd0afdb7f9dec0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "meeting_requests_pair_key" ON "meeting_requests"  ("marketplace_id", "nonprofit_id", "company_id") `);
    await queryRunner.query(`CREATE TYPE "public"."schedule_status" AS ENUM('draft', 'published', 'superseded')`);
    await queryRunner.query(`CREATE TABLE "meeting_schedules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "marketplace_id" uuid NOT NULL, "version" integer NOT NULL, "status" "public"."schedule_status" NOT NULL DEFAULT 'draft', "input_hash" text NOT NULL, "lower_bound" integer NOT NULL, "slots_used" integer NOT NULL, "value_held" bigint NOT NULL, "value_requested" bigint NOT NULL, "diagnostics" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_f212b2d22f7b0d3a0753cdce999" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "meeting_schedules_version_key" ON "meeting_schedules"  ("marketplace_id", "version") `);
    await queryRunner.query(`CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "schedule_id" uuid NOT NULL, "request_id" uuid NOT NULL, "nonprofit_id" uuid NOT NULL, "company_id" uuid NOT NULL, "slot" integer NOT NULL, "table_no" integer NOT NULL, CONSTRAINT "meetings_slot_table_check" CHECK ("slot" >= 0 AND "table_no" > 0), CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "meetings_slot_company_key" ON "meetings"  ("schedule_id", "slot", "company_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "meetings_slot_nonprofit_key" ON "meetings"  ("schedule_id", "slot", "nonprofit_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "meetings_slot_table_key" ON "meetings"  ("schedule_id", "slot", "table_no") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "meetings_request_key" ON "meetings"  ("schedule_id", "request_id") `);
    await queryRunner.query(`ALTER TABLE "cooperations" ADD "marketplace_id" uuid`);
    // Agreements recorded by an organiser at a marketplace's notary desk have no drafting party.
    await queryRunner.query(`ALTER TABLE "agreements" ALTER COLUMN "created_by_organisation_id" DROP NOT NULL`);
    await queryRunner.query(`CREATE INDEX "cooperations_marketplace_idx" ON "cooperations"  ("marketplace_id") `);
    await queryRunner.query(`ALTER TABLE "rounds" ADD CONSTRAINT "FK_547145a1fed92b81f0d4e01205b" FOREIGN KEY ("district_id") REFERENCES "districts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "rounds" ADD CONSTRAINT "FK_017eb4ef9594f4edda794c75d5f" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "round_venues" ADD CONSTRAINT "FK_fca00f54312ac0727d6401b99d9" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "round_venues" ADD CONSTRAINT "FK_4b0a6d6a841fbccd9da132b5036" FOREIGN KEY ("district_id") REFERENCES "districts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "marketplaces" ADD CONSTRAINT "FK_0263f1618f2116b888ff02f7026" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "marketplaces" ADD CONSTRAINT "FK_34478ed6aedc0e265550c5713eb" FOREIGN KEY ("district_id") REFERENCES "districts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "marketplaces" ADD CONSTRAINT "FK_32da0b7a94c37163ae8c051b23d" FOREIGN KEY ("venue_id") REFERENCES "round_venues"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "marketplace_registrations" ADD CONSTRAINT "FK_dd77390170f960d0c62f0ef91b2" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "marketplace_registrations" ADD CONSTRAINT "FK_2c6fd1519904de1ce406905f218" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" ADD CONSTRAINT "FK_34b069e2d223ba2948c04fce610" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" ADD CONSTRAINT "FK_cf38f321371061acf3afb7ee6bb" FOREIGN KEY ("nonprofit_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" ADD CONSTRAINT "FK_ee8d19cd4fac376e7e5e9e81c7c" FOREIGN KEY ("company_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD CONSTRAINT "FK_09c7ee7bae5875706a53cd48dad" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD CONSTRAINT "FK_4dd24ffa61968f9895ade6a037f" FOREIGN KEY ("schedule_id") REFERENCES "meeting_schedules"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD CONSTRAINT "FK_f2db473ee7bcd5162e403f91469" FOREIGN KEY ("request_id") REFERENCES "meeting_requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperations" ADD CONSTRAINT "FK_ab24448ff02d74c87fc5737eff2" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cooperations" DROP CONSTRAINT "FK_ab24448ff02d74c87fc5737eff2"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_f2db473ee7bcd5162e403f91469"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_4dd24ffa61968f9895ade6a037f"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP CONSTRAINT "FK_09c7ee7bae5875706a53cd48dad"`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" DROP CONSTRAINT "FK_ee8d19cd4fac376e7e5e9e81c7c"`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" DROP CONSTRAINT "FK_cf38f321371061acf3afb7ee6bb"`);
    await queryRunner.query(`ALTER TABLE "meeting_requests" DROP CONSTRAINT "FK_34b069e2d223ba2948c04fce610"`);
    await queryRunner.query(`ALTER TABLE "marketplace_registrations" DROP CONSTRAINT "FK_2c6fd1519904de1ce406905f218"`);
    await queryRunner.query(`ALTER TABLE "marketplace_registrations" DROP CONSTRAINT "FK_dd77390170f960d0c62f0ef91b2"`);
    await queryRunner.query(`ALTER TABLE "marketplaces" DROP CONSTRAINT "FK_32da0b7a94c37163ae8c051b23d"`);
    await queryRunner.query(`ALTER TABLE "marketplaces" DROP CONSTRAINT "FK_34478ed6aedc0e265550c5713eb"`);
    await queryRunner.query(`ALTER TABLE "marketplaces" DROP CONSTRAINT "FK_0263f1618f2116b888ff02f7026"`);
    await queryRunner.query(`ALTER TABLE "round_venues" DROP CONSTRAINT "FK_4b0a6d6a841fbccd9da132b5036"`);
    await queryRunner.query(`ALTER TABLE "round_venues" DROP CONSTRAINT "FK_fca00f54312ac0727d6401b99d9"`);
    await queryRunner.query(`ALTER TABLE "rounds" DROP CONSTRAINT "FK_017eb4ef9594f4edda794c75d5f"`);
    await queryRunner.query(`ALTER TABLE "rounds" DROP CONSTRAINT "FK_547145a1fed92b81f0d4e01205b"`);
    await queryRunner.query(`DROP INDEX "public"."cooperations_marketplace_idx"`);
    await queryRunner.query(`ALTER TABLE "agreements" ALTER COLUMN "created_by_organisation_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "cooperations" DROP COLUMN "marketplace_id"`);
    await queryRunner.query(`DROP INDEX "public"."meetings_request_key"`);
    await queryRunner.query(`DROP INDEX "public"."meetings_slot_table_key"`);
    await queryRunner.query(`DROP INDEX "public"."meetings_slot_nonprofit_key"`);
    await queryRunner.query(`DROP INDEX "public"."meetings_slot_company_key"`);
    await queryRunner.query(`DROP TABLE "meetings"`);
    await queryRunner.query(`DROP INDEX "public"."meeting_schedules_version_key"`);
    await queryRunner.query(`DROP TABLE "meeting_schedules"`);
    await queryRunner.query(`DROP TYPE "public"."schedule_status"`);
    await queryRunner.query(`DROP INDEX "public"."meeting_requests_pair_key"`);
    await queryRunner.query(`DROP TABLE "meeting_requests"`);
    await queryRunner.query(`DROP TYPE "public"."meeting_wish"`);
    await queryRunner.query(`DROP INDEX "public"."marketplace_registrations_key"`);
    await queryRunner.query(`DROP INDEX "public"."marketplace_registrations_waitlist_idx"`);
    await queryRunner.query(`DROP INDEX "public"."marketplace_registrations_organisation_idx"`);
    await queryRunner.query(`DROP TABLE "marketplace_registrations"`);
    await queryRunner.query(`DROP TYPE "public"."registration_status"`);
    await queryRunner.query(`DROP INDEX "public"."marketplaces_district_starts_idx"`);
    await queryRunner.query(`DROP INDEX "public"."marketplaces_round_idx"`);
    await queryRunner.query(`DROP TABLE "marketplaces"`);
    await queryRunner.query(`DROP TYPE "public"."marketplace_status"`);
    await queryRunner.query(`DROP INDEX "public"."round_venues_round_idx"`);
    await queryRunner.query(`DROP TABLE "round_venues"`);
    await queryRunner.query(`DROP INDEX "public"."rounds_district_idx"`);
    await queryRunner.query(`DROP TABLE "rounds"`);
    await queryRunner.query(`DROP TYPE "public"."round_status"`);
  }
}
