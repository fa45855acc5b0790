import type { MigrationInterface, QueryRunner } from 'typeorm';

/** needs (district_id) and offers (home_district_id) are served by the (…, published_at) indexes of ReportIndexes. */
export class DropRedundantDistrictIndexes1795641887110 implements MigrationInterface {
  name = 'DropRedundantDistrictIndexes1795641887110';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."needs_district_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."offers_home_district_id_idx"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "offers_home_district_id_idx" ON "offers" USING btree ("home_district_id") `);
    await queryRunner.query(`CREATE INDEX "needs_district_id_idx" ON "needs" USING btree ("district_id") `);
  }
}
