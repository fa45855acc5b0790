import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Follow-ups after a marketplace: the stages with their due times, and the parties' answers (issue 5). */
export class MarketplaceFollowUps1796304637571 implements MigrationInterface {
  name = 'MarketplaceFollowUps1796304637571';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."follow_up_stage" AS ENUM('first', 'second')`);
    await queryRunner.query(`CREATE TABLE "marketplace_follow_ups" ("marketplace_id" uuid NOT NULL, "stage" "public"."follow_up_stage" NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_32ec1966bd834893a8fa3090c28" PRIMARY KEY ("marketplace_id", "stage"))`);
    await queryRunner.query(`CREATE TYPE "public"."follow_up_outcome" AS ENUM('carried_out', 'in_progress', 'not_carried_out')`);
    await queryRunner.query(`CREATE TABLE "cooperation_follow_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cooperation_id" uuid NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "organisation_id" uuid NOT NULL, "side" "public"."cooperation_side" NOT NULL, "stage" "public"."follow_up_stage" NOT NULL, "outcome" "public"."follow_up_outcome" NOT NULL, "note" text NOT NULL DEFAULT '', "submitted_by_user_id" uuid, CONSTRAINT "PK_cc0bb7af29dd11caa6f52bd1f55" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "cooperation_follow_ups_party_key" ON "cooperation_follow_ups"  ("cooperation_id", "side", "stage") `);
    await queryRunner.query(`ALTER TABLE "marketplace_follow_ups" ADD CONSTRAINT "FK_5acd42c468e4d1886c1d8661a72" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "cooperation_follow_ups" ADD CONSTRAINT "FK_e4cf91cad5c23ca5d092f7f5c3e" FOREIGN KEY ("cooperation_id") REFERENCES "cooperations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cooperation_follow_ups" DROP CONSTRAINT "FK_e4cf91cad5c23ca5d092f7f5c3e"`);
    await queryRunner.query(`ALTER TABLE "marketplace_follow_ups" DROP CONSTRAINT "FK_5acd42c468e4d1886c1d8661a72"`);
    await queryRunner.query(`DROP INDEX "public"."cooperation_follow_ups_party_key"`);
    await queryRunner.query(`DROP TABLE "cooperation_follow_ups"`);
    await queryRunner.query(`DROP TYPE "public"."follow_up_outcome"`);
    await queryRunner.query(`DROP TABLE "marketplace_follow_ups"`);
    await queryRunner.query(`DROP TYPE "public"."follow_up_stage"`);
  }
}
