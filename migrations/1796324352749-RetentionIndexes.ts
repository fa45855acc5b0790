import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (issue 7): the hourly maintenance sweep removes audit log entries past
 * AUDIT_LOG_RETENTION_DAYS and finished webhook deliveries past WEBHOOK_DELIVERY_RETENTION_DAYS;
 * these indexes let it find them without reading the whole table.
 */
export class RetentionIndexes1796324352749 implements MigrationInterface {
  name = 'RetentionIndexes1796324352749';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "api_audit_log_at_idx" ON "api_audit_log"  ("at") `);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_created_idx" ON "webhook_deliveries"  ("created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."api_audit_log_at_idx"`);
  }
}
