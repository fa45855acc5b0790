import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Cooperations1795638261911 implements MigrationInterface {
  name = 'Cooperations1795638261911';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."cooperation_status" AS ENUM('proposed', 'accepted', 'declined', 'expired', 'agreed', 'active', 'completed', 'evaluated', 'cancelled')`);
    await queryRunner.query(`CREATE TABLE "cooperations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "status" "public"."cooperation_status" NOT NULL DEFAULT 'proposed', "district_id" uuid NOT NULL, "nonprofit_id" uuid NOT NULL, "company_id" uuid NOT NULL, "need_id" uuid, "offer_id" uuid, "match_id" uuid, "proposed_by_organisation_id" uuid NOT NULL, "proposed_by_user_id" uuid, "message" text NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE, "decided_at" TIMESTAMP(3) WITH TIME ZONE, "decline_reason" text, "agreed_at" TIMESTAMP(3) WITH TIME ZONE, "started_at" TIMESTAMP(3) WITH TIME ZONE, "completed_at" TIMESTAMP(3) WITH TIME ZONE, "evaluation_due_at" TIMESTAMP(3) WITH TIME ZONE, "evaluation_closes_at" TIMESTAMP(3) WITH TIME ZONE, "evaluated_at" TIMESTAMP(3) WITH TIME ZONE, "cancelled_at" TIMESTAMP(3) WITH TIME ZONE, "cancelled_by_organisation_id" uuid, "cancel_reason" text, CONSTRAINT "PK_b25e62fd5269d8518295f1decba" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "cooperations_status_expires_idx" ON "cooperations"  ("status", "expires_at") `);
    await queryRunner.query(`CREATE INDEX "cooperations_district_idx" ON "cooperations"  ("district_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "cooperations_company_idx" ON "cooperations"  ("company_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "cooperations_nonprofit_idx" ON "cooperations"  ("nonprofit_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "cooperation_events" ("id" BIGSERIAL NOT NULL, "cooperation_id" uuid NOT NULL, "from_status" "public"."cooperation_status", "to_status" "public"."cooperation_status" NOT NULL, "action" text NOT NULL, "actor_user_id" uuid, "actor_organisation_id" uuid, "note" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7314464c6661f133a098cb4d930" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "cooperation_events_cooperation_idx" ON "cooperation_events"  ("cooperation_id", "id") `);
    await queryRunner.query(`CREATE TABLE "cooperation_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cooperation_id" uuid NOT NULL, "author_user_id" uuid, "author_organisation_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ba61725ddf629412539eb84b49" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "cooperation_messages_cooperation_idx" ON "cooperation_messages"  ("cooperation_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "agreements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cooperation_id" uuid NOT NULL, "version" integer NOT NULL, "nonprofit_contact" jsonb NOT NULL, "company_contact" jsonb NOT NULL, "contribution_category" "public"."listing_category" NOT NULL, "contribution_quantity" numeric(12,2) NOT NULL, "contribution_unit" "public"."listing_unit" NOT NULL, "contribution_description" text NOT NULL, "give_back_kind" text NOT NULL, "give_back_description" text NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "place" text NOT NULL, "estimated_hours" numeric(10,2), "estimated_value_eur" numeric(12,2), "content_hash" text NOT NULL, "created_by_user_id" uuid, "created_by_organisation_id" uuid NOT NULL, "nonprofit_signed_at" TIMESTAMP(3) WITH TIME ZONE, "nonprofit_signed_by_user_id" uuid, "company_signed_at" TIMESTAMP(3) WITH TIME ZONE, "company_signed_by_user_id" uuid, "signed_at" TIMESTAMP(3) WITH TIME ZONE, "superseded_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_01532f6c999d44c776e3d1fa4c8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "agreements_cooperation_version_key" ON "agreements"  ("cooperation_id", "version") `);
    await queryRunner.query(`CREATE TABLE "cooperation_updates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cooperation_id" uuid NOT NULL, "author_user_id" uuid, "author_organisation_id" uuid NOT NULL, "note" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_100bbb0ecbd35976e56e93fb447" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "cooperation_updates_cooperation_idx" ON "cooperation_updates"  ("cooperation_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "cooperation_milestones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cooperation_id" uuid NOT NULL, "title" text NOT NULL, "due_on" date, "done_at" TIMESTAMP(3) WITH TIME ZONE, "done_by_user_id" uuid, "created_by_user_id" uuid, "created_by_organisation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_995aa3fed5b2fba70d250e24293" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "cooperation_milestones_cooperation_idx" ON "cooperation_milestones"  ("cooperation_id", "due_on") `);
    await queryRunner.query(`CREATE TYPE "public"."cooperation_side" AS ENUM('nonprofit', 'company')`);
    await queryRunner.query(`CREATE TABLE "cooperation_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cooperation_id" uuid NOT NULL, "side" "public"."cooperation_side" NOT NULL, "description" text NOT NULL, "hours" numeric(10,2), "quantity" numeric(12,2), "unit" "public"."listing_unit", "delivered_on" date NOT NULL, "recorded_by_user_id" uuid, "confirmed_at" TIMESTAMP(3) WITH TIME ZONE, "confirmed_by_user_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a8b86e6718c6679a44b48c72846" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "cooperation_deliveries_cooperation_idx" ON "cooperation_deliveries"  ("cooperation_id", "delivered_on") `);
    await queryRunner.query(`CREATE TABLE "cooperation_evaluations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cooperation_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "side" "public"."cooperation_side" NOT NULL, "rating" smallint NOT NULL, "what_worked" text NOT NULL, "what_to_improve" text NOT NULL DEFAULT '', "people_reached" integer, "outcomes" text NOT NULL DEFAULT '', "would_cooperate_again" boolean NOT NULL, "submitted_by_user_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b5266af65582236dfa0ba72ccbb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "cooperation_evaluations_party_key" ON "cooperation_evaluations"  ("cooperation_id", "organisation_id") `);
    await queryRunner.query(`ALTER TABLE "cooperations" ADD CONSTRAINT "FK_4a66202414ae8a49e1c8c75e754" FOREIGN KEY ("district_id") REFERENCES "districts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperations" ADD CONSTRAINT "FK_ac1719dccec4f08b858763d4aea" FOREIGN KEY ("nonprofit_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperations" ADD CONSTRAINT "FK_02a599912776fc988d0c72b195a" FOREIGN KEY ("company_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperations" ADD CONSTRAINT "FK_4685bee50499d914021ec618125" FOREIGN KEY ("need_id") REFERENCES "needs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperations" ADD CONSTRAINT "FK_718945148d73365900ea40d842a" FOREIGN KEY ("offer_id") REFERENCES "offers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperations" ADD CONSTRAINT "FK_528de6ad2e22f67cd241e452b87" FOREIGN KEY ("proposed_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_events" ADD CONSTRAINT "FK_b0a3a39040d8df2a24f5e5f69dd" FOREIGN KEY ("cooperation_id") REFERENCES "cooperations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_events" ADD CONSTRAINT "FK_bbdee3079b7193929e836eaa0b8" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_messages" ADD CONSTRAINT "FK_2dc642b7d31db482afbf2d82aa0" FOREIGN KEY ("cooperation_id") REFERENCES "cooperations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_messages" ADD CONSTRAINT "FK_d7700e81fac2a6bb94c0f6e2a38" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "agreements" ADD CONSTRAINT "FK_6fb782993e81231bff0db3ee955" FOREIGN KEY ("cooperation_id") REFERENCES "cooperations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "agreements" ADD CONSTRAINT "FK_6147c1fe4cc0d88389f061b67c1" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_updates" ADD CONSTRAINT "FK_fa2e32a7488428365f8cd97c1fa" FOREIGN KEY ("cooperation_id") REFERENCES "cooperations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_updates" ADD CONSTRAINT "FK_b27d3122dae0e7e26bc05f87f4d" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_milestones" ADD CONSTRAINT "FK_b9af81bb1b72db4f02e79f4f76f" FOREIGN KEY ("cooperation_id") REFERENCES "cooperations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_deliveries" ADD CONSTRAINT "FK_b6c9b23a368f7bad3858cd9731e" FOREIGN KEY ("cooperation_id") REFERENCES "cooperations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_deliveries" ADD CONSTRAINT "FK_3301f0bd4e33cd0856c14b4c0b4" FOREIGN KEY ("recorded_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_evaluations" ADD CONSTRAINT "FK_5f962f4d2e26d7e0530c578363e" FOREIGN KEY ("cooperation_id") REFERENCES "cooperations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // At most one open cooperation per pair and need (or per pair without a need): a second proposal is refused.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "cooperations_open_pair_key" ON "cooperations" ("nonprofit_id", "company_id", COALESCE("need_id", '00000000-0000-0000-0000-000000000000'::uuid))
        WHERE "status" IN ('proposed', 'accepted', 'agreed', 'active')`,
    );
    await queryRunner.query(`ALTER TABLE "cooperations" ADD CONSTRAINT "cooperations_two_parties_check" CHECK ("nonprofit_id" <> "company_id")`);
    await queryRunner.query(`ALTER TABLE "cooperations" ADD CONSTRAINT "cooperations_subject_check" CHECK ("need_id" IS NOT NULL OR "offer_id" IS NOT NULL)`);
    await queryRunner.query(`ALTER TABLE "agreements" ADD CONSTRAINT "agreements_dates_check" CHECK ("ends_on" >= "starts_on")`);
    await queryRunner.query(`ALTER TABLE "agreements" ADD CONSTRAINT "agreements_amounts_check" CHECK ("contribution_quantity" > 0 AND COALESCE("estimated_hours", 0) >= 0 AND COALESCE("estimated_value_eur", 0) >= 0)`);
    await queryRunner.query(`ALTER TABLE "agreements" ADD CONSTRAINT "agreements_give_back_check" CHECK (length(btrim("give_back_description")) > 0)`);
    await queryRunner.query(`ALTER TABLE "cooperation_evaluations" ADD CONSTRAINT "cooperation_evaluations_rating_check" CHECK ("rating" BETWEEN 1 AND 5)`);
    await queryRunner.query(
      `ALTER TABLE "cooperation_deliveries" ADD CONSTRAINT "cooperation_deliveries_amounts_check"
        CHECK (COALESCE("hours", 0) >= 0 AND COALESCE("quantity", 0) >= 0 AND ("quantity" IS NULL) = ("unit" IS NULL))`,
    );
    // A signed Engagement-Vereinbarung is immutable: only superseded_at may still be set (once), and it cannot be deleted.
    await queryRunner.query(`
      CREATE FUNCTION agreements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'agreement % version % is signed by both parties and cannot be deleted', OLD.cooperation_id, OLD.version
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.signed_at IS NOT NULL AND (
             (to_jsonb(NEW) - 'superseded_at') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_at')
             OR (OLD.superseded_at IS NOT NULL AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at)) THEN
          RAISE EXCEPTION 'agreement % version % is signed by both parties and cannot be changed', OLD.cooperation_id, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "agreements_immutable" BEFORE UPDATE OR DELETE ON "agreements" FOR EACH ROW EXECUTE FUNCTION agreements_immutable()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "agreements_immutable" ON "agreements"`);
    await queryRunner.query(`DROP FUNCTION agreements_immutable()`);
    await queryRunner.query(`DROP INDEX "public"."cooperations_open_pair_key"`);
    await queryRunner.query(`ALTER TABLE "cooperation_evaluations" DROP CONSTRAINT "FK_5f962f4d2e26d7e0530c578363e"`);
    await queryRunner.query(`ALTER TABLE "cooperation_deliveries" DROP CONSTRAINT "FK_3301f0bd4e33cd0856c14b4c0b4"`);
    await queryRunner.query(`ALTER TABLE "cooperation_deliveries" DROP CONSTRAINT "FK_b6c9b23a368f7bad3858cd9731e"`);
    await queryRunner.query(`ALTER TABLE "cooperation_milestones" DROP CONSTRAINT "FK_b9af81bb1b72db4f02e79f4f76f"`);
    await queryRunner.query(`ALTER TABLE "cooperation_updates" DROP CONSTRAINT "FK_b27d3122dae0e7e26bc05f87f4d"`);
    await queryRunner.query(`ALTER TABLE "cooperation_updates" DROP CONSTRAINT "FK_fa2e32a7488428365f8cd97c1fa"`);
    await queryRunner.query(`ALTER TABLE "agreements" DROP CONSTRAINT "FK_6147c1fe4cc0d88389f061b67c1"`);
    await queryRunner.query(`ALTER TABLE "agreements" DROP CONSTRAINT "FK_6fb782993e81231bff0db3ee955"`);
    await queryRunner.query(`ALTER TABLE "cooperation_messages" DROP CONSTRAINT "FK_d7700e81fac2a6bb94c0f6e2a38"`);
    await queryRunner.query(`ALTER TABLE "cooperation_messages" DROP CONSTRAINT "FK_2dc642b7d31db482afbf2d82aa0"`);
    await queryRunner.query(`ALTER TABLE "cooperation_events" DROP CONSTRAINT "FK_bbdee3079b7193929e836eaa0b8"`);
    await queryRunner.query(`ALTER TABLE "cooperation_events" DROP CONSTRAINT "FK_b0a3a39040d8df2a24f5e5f69dd"`);
    await queryRunner.query(`ALTER TABLE "cooperations" DROP CONSTRAINT "FK_528de6ad2e22f67cd241e452b87"`);
    await queryRunner.query(`ALTER TABLE "cooperations" DROP CONSTRAINT "FK_718945148d73365900ea40d842a"`);
    await queryRunner.query(`ALTER TABLE "cooperations" DROP CONSTRAINT "FK_4685bee50499d914021ec618125"`);
    await queryRunner.query(`ALTER TABLE "cooperations" DROP CONSTRAINT "FK_02a599912776fc988d0c72b195a"`);
    await queryRunner.query(`ALTER TABLE "cooperations" DROP CONSTRAINT "FK_ac1719dccec4f08b858763d4aea"`);
    await queryRunner.query(`ALTER TABLE "cooperations" DROP CONSTRAINT "FK_4a66202414ae8a49e1c8c75e754"`);
    await queryRunner.query(`DROP INDEX "public"."cooperation_evaluations_party_key"`);
    await queryRunner.query(`DROP TABLE "cooperation_evaluations"`);
    await queryRunner.query(`DROP INDEX "public"."cooperation_deliveries_cooperation_idx"`);
    await queryRunner.query(`DROP TABLE "cooperation_deliveries"`);
    await queryRunner.query(`DROP TYPE "public"."cooperation_side"`);
    await queryRunner.query(`DROP INDEX "public"."cooperation_milestones_cooperation_idx"`);
    await queryRunner.query(`DROP TABLE "cooperation_milestones"`);
    await queryRunner.query(`DROP INDEX "public"."cooperation_updates_cooperation_idx"`);
    await queryRunner.query(`DROP TABLE "cooperation_updates"`);
    await queryRunner.query(`DROP INDEX "public"."agreements_cooperation_version_key"`);
    await queryRunner.query(`DROP TABLE "agreements"`);
    await queryRunner.query(`DROP INDEX "public"."cooperation_messages_cooperation_idx"`);
    await queryRunner.query(`DROP TABLE "cooperation_messages"`);
    await queryRunner.query(`DROP INDEX "public"."cooperation_events_cooperation_idx"`);
    await queryRunner.query(`DROP TABLE "cooperation_events"`);
    await queryRunner.query(`DROP INDEX "public"."cooperations_nonprofit_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cooperations_company_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cooperations_district_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cooperations_status_expires_idx"`);
    await queryRunner.query(`DROP TABLE "cooperations"`);
    await queryRunner.query(`DROP TYPE "public"."cooperation_status"`);
  }
}
