import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Brokers1796304392639 implements MigrationInterface {
  name = 'Brokers1796304392639';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "marketplace_brokers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "marketplace_id" uuid NOT NULL, "user_id" uuid NOT NULL, "appointed_by_user_id" uuid, "appointed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b9da5bb4782331cb0d78b099217" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "marketplace_brokers_user_idx" ON "marketplace_brokers"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "marketplace_brokers_key" ON "marketplace_brokers"  ("marketplace_id", "user_id") `);
    await queryRunner.query(`ALTER TABLE "marketplace_brokers" ADD CONSTRAINT "FK_bdee3087f977362fb4583694f50" FOREIGN KEY ("marketplace_id") REFERENCES "marketplaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "marketplace_brokers" ADD CONSTRAINT "FK_b919efc31fd29efe5e5db4817fa" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "marketplace_brokers" ADD CONSTRAINT "FK_7cc31e031d44e20170a52132ec4" FOREIGN KEY ("appointed_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "marketplace_brokers" DROP CONSTRAINT "FK_7cc31e031d44e20170a52132ec4"`);
    await queryRunner.query(`ALTER TABLE "marketplace_brokers" DROP CONSTRAINT "FK_b919efc31fd29efe5e5db4817fa"`);
    await queryRunner.query(`ALTER TABLE "marketplace_brokers" DROP CONSTRAINT "FK_bdee3087f977362fb4583694f50"`);
    await queryRunner.query(`DROP INDEX "public"."marketplace_brokers_key"`);
    await queryRunner.query(`DROP INDEX "public"."marketplace_brokers_user_idx"`);
    await queryRunner.query(`DROP TABLE "marketplace_brokers"`);
  }
}
