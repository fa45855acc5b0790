import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * District reports (issue 4): needs and offers of a subtree published in a period are read by
 * (district, published_at) ranges. Generated from the entities (migration:generate ReportIndexes).
 */
export class ReportIndexes1795639219794 implements MigrationInterface {
  name = 'ReportIndexes1795639219794';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "needs_district_published_idx" ON "needs"  ("district_id", "published_at") `);
    await queryRunner.query(`CREATE INDEX "offers_home_district_published_idx" ON "offers"  ("home_district_id", "published_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."offers_home_district_published_idx"`);
    await queryRunner.query(`DROP INDEX "public"."needs_district_published_idx"`);
  }
}
