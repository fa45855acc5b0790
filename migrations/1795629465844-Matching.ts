import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The matching engine's tables: computed matches (each need's and each offer's top K, with the
 * reason each row is kept), the two sides' reactions (interest / dismiss, kept apart so they
 * survive recomputation), per-city weight versions, the tag statistics snapshot (rarity of tags),
 * what a company asks for in return on its offers, and an index of published radius offers.
 * Generated from the entities (npm run cli -- migration:generate Matching).
 */
export class Matching1795629465844 implements MigrationInterface {
  name = 'Matching1795629465844';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "matches" ("id" uuid NOT NULL, "need_id" uuid NOT NULL, "offer_id" uuid NOT NULL, "district_id" uuid NOT NULL, "need_organisation_id" uuid NOT NULL, "offer_organisation_id" uuid NOT NULL, "score" double precision NOT NULL, "breakdown" jsonb NOT NULL, "weights_version" text NOT NULL, "for_need" boolean NOT NULL DEFAULT false, "for_offer" boolean NOT NULL DEFAULT false, "computed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a22c7b2e0828988d51256117f4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "matches_district_score_idx" ON "matches"  ("district_id", "score") `);
    await queryRunner.query(`CREATE INDEX "matches_offer_score_idx" ON "matches"  ("offer_id", "score") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "matches_need_offer_key" ON "matches"  ("need_id", "offer_id") `);
    await queryRunner.query(`CREATE TYPE "public"."match_reaction" AS ENUM('interested', 'dismissed')`);
    await queryRunner.query(`CREATE TABLE "match_reactions" ("id" uuid NOT NULL, "need_id" uuid NOT NULL, "offer_id" uuid NOT NULL, "need_side" "public"."match_reaction", "need_side_at" TIMESTAMP(3) WITH TIME ZONE, "offer_side" "public"."match_reaction", "offer_side_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_47f0a9b8357924b4c8adabfd8a4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "match_reactions_offer_id_idx" ON "match_reactions"  ("offer_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "match_reactions_need_offer_key" ON "match_reactions"  ("need_id", "offer_id") `);
    await queryRunner.query(`CREATE TABLE "matching_weights" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "city_id" uuid NOT NULL, "version" integer NOT NULL, "weights" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3882cf1a42371fe0129877afa7d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "matching_weights_city_version_key" ON "matching_weights"  ("city_id", "version") `);
    await queryRunner.query(`CREATE TABLE "tag_statistics" ("tag" text NOT NULL, "listings" integer NOT NULL, "total" integer NOT NULL, "refreshed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_79638ab34c56e5d40a1be5ca9ed" PRIMARY KEY ("tag"))`);
    await queryRunner.query(`ALTER TABLE "offers" ADD "wants_in_return" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`CREATE INDEX "offers_radius_published_idx" ON "offers"  ("lat", "lon") WHERE radius_km IS NOT NULL AND status = 'published'`);
    await queryRunner.query(`ALTER TABLE "matches" ADD CONSTRAINT "FK_53700350f1815df6cdec2f93f5e" FOREIGN KEY ("need_id") REFERENCES "needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "matches" ADD CONSTRAINT "FK_c424b8d08d23c66d2fb0a4b0392" FOREIGN KEY ("offer_id") REFERENCES "offers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "match_reactions" ADD CONSTRAINT "FK_9b34a298c10eec01c202acc8457" FOREIGN KEY ("need_id") REFERENCES "needs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "match_reactions" ADD CONSTRAINT "FK_807af34cf04c87e731eebed2267" FOREIGN KEY ("offer_id") REFERENCES "offers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "match_reactions" DROP CONSTRAINT "FK_807af34cf04c87e731eebed2267"`);
    await queryRunner.query(`ALTER TABLE "match_reactions" DROP CONSTRAINT "FK_9b34a298c10eec01c202acc8457"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP CONSTRAINT "FK_c424b8d08d23c66d2fb0a4b0392"`);
    await queryRunner.query(`ALTER TABLE "matches" DROP CONSTRAINT "FK_53700350f1815df6cdec2f93f5e"`);
    await queryRunner.query(`DROP INDEX "public"."offers_radius_published_idx"`);
    await queryRunner.query(`ALTER TABLE "offers" DROP COLUMN "wants_in_return"`);
    await queryRunner.query(`DROP TABLE "tag_statistics"`);
    await queryRunner.query(`DROP INDEX "public"."matching_weights_city_version_key"`);
    await queryRunner.query(`DROP TABLE "matching_weights"`);
    await queryRunner.query(`DROP INDEX "public"."match_reactions_need_offer_key"`);
    await queryRunner.query(`DROP INDEX "public"."match_reactions_offer_id_idx"`);
    await queryRunner.query(`DROP TABLE "match_reactions"`);
    await queryRunner.query(`DROP TYPE "public"."match_reaction"`);
    await queryRunner.query(`DROP INDEX "public"."matches_need_offer_key"`);
    await queryRunner.query(`DROP INDEX "public"."matches_offer_score_idx"`);
    await queryRunner.query(`DROP INDEX "public"."matches_district_score_idx"`);
    await queryRunner.query(`DROP TABLE "matches"`);
  }
}
