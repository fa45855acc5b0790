import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trust and the shortlist (issue 4): organisations get verification columns (when, by whom, on
 * what basis, a note; a CHECK keeps date and basis together) and a history of verifications and
 * revocations; shortlist_entries holds the partners an organisation saved (exactly one need or
 * offer per entry, once per organisation and item).
 * Generated from the entities (npm run cli -- migration:generate TrustAndShortlist).
 */
export class TrustAndShortlist1795638504086 implements MigrationInterface {
  name = 'TrustAndShortlist1795638504086';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "shortlist_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "organisation_id" uuid NOT NULL, "need_id" uuid, "offer_id" uuid, "match_id" uuid, "note" text, "created_by" uuid, CONSTRAINT "shortlist_entries_one_item_check" CHECK (num_nonnulls(need_id, offer_id) = 1), CONSTRAINT "PK_ea78584da6e635c91c786064234" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "shortlist_entries_offer_id_idx" ON "shortlist_entries"  ("offer_id") `);
    await queryRunner.query(`CREATE INDEX "shortlist_entries_need_id_idx" ON "shortlist_entries"  ("need_id") `);
    await queryRunner.query(`CREATE INDEX "shortlist_entries_organisation_created_idx" ON "shortlist_entries"  ("organisation_id", "created_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "shortlist_entries_organisation_offer_key" ON "shortlist_entries"  ("organisation_id", "offer_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "shortlist_entries_organisation_need_key" ON "shortlist_entries"  ("organisation_id", "need_id") `);
    await queryRunner.query(`CREATE TYPE "public"."verification_action" AS ENUM('verified', 'revoked')`);
    await queryRunner.query(`CREATE TABLE "organisation_verifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "action" "public"."verification_action" NOT NULL, "basis" text, "note" text, "by_user_id" uuid, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_864df7a155d053fa8fd16141d3f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "organisation_verifications_organisation_at_idx" ON "organisation_verifications"  ("organisation_id", "at") `);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "verified_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "verified_by" uuid`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "verification_basis" text`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "verification_note" text`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD CONSTRAINT "organisations_verification_check" CHECK ((verified_at IS NULL) = (verification_basis IS NULL) AND (verified_at IS NOT NULL OR verified_by IS NULL))`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD CONSTRAINT "FK_f3ce1cfb413d2e5d71d37f47ca4" FOREIGN KEY ("verified_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shortlist_entries" ADD CONSTRAINT "FK_d20be368e58dcfca9105044676c" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shortlist_entries" ADD CONSTRAINT "FK_9485d49928adc5b2e9ea1f9e93d" FOREIGN KEY ("need_id") REFERENCES "needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shortlist_entries" ADD CONSTRAINT "FK_32425a917342d4ce07de2affbe8" FOREIGN KEY ("offer_id") REFERENCES "offers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "shortlist_entries" ADD CONSTRAINT "FK_efb64b8dfc1b234f181abe84024" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisation_verifications" ADD CONSTRAINT "FK_3a79d3027016f3594a433355940" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisation_verifications" ADD CONSTRAINT "FK_378af23e641c3e5f2dbcc74ff54" FOREIGN KEY ("by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisation_verifications" DROP CONSTRAINT "FK_378af23e641c3e5f2dbcc74ff54"`);
    await queryRunner.query(`ALTER TABLE "organisation_verifications" DROP CONSTRAINT "FK_3a79d3027016f3594a433355940"`);
    await queryRunner.query(`ALTER TABLE "shortlist_entries" DROP CONSTRAINT "FK_efb64b8dfc1b234f181abe84024"`);
    await queryRunner.query(`ALTER TABLE "shortlist_entries" DROP CONSTRAINT "FK_32425a917342d4ce07de2affbe8"`);
    await queryRunner.query(`ALTER TABLE "shortlist_entries" DROP CONSTRAINT "FK_9485d49928adc5b2e9ea1f9e93d"`);
    await queryRunner.query(`ALTER TABLE "shortlist_entries" DROP CONSTRAINT "FK_d20be368e58dcfca9105044676c"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "FK_f3ce1cfb413d2e5d71d37f47ca4"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "organisations_verification_check"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "verification_note"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "verification_basis"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "verified_by"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "verified_at"`);
    await queryRunner.query(`DROP INDEX "public"."organisation_verifications_organisation_at_idx"`);
    await queryRunner.query(`DROP TABLE "organisation_verifications"`);
    await queryRunner.query(`DROP TYPE "public"."verification_action"`);
    await queryRunner.query(`DROP INDEX "public"."shortlist_entries_organisation_need_key"`);
    await queryRunner.query(`DROP INDEX "public"."shortlist_entries_organisation_offer_key"`);
    await queryRunner.query(`DROP INDEX "public"."shortlist_entries_organisation_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."shortlist_entries_need_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."shortlist_entries_offer_id_idx"`);
    await queryRunner.query(`DROP TABLE "shortlist_entries"`);
  }
}
