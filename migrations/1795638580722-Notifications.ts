import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox of notifications: one row per user and notification, its texts rendered at
 * creation (German, then English), delivery state (pending, sent, failed), read state; one
 * notification per user and dedupe key. Generated from the entities (npm run cli -- migration:generate Notifications).
 */
export class Notifications1795638580722 implements MigrationInterface {
  name = 'Notifications1795638580722';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."notification_status" AS ENUM('pending', 'sent', 'failed')`);
    await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "kind" text NOT NULL, "cooperation_id" uuid, "params" jsonb NOT NULL DEFAULT '{}', "subject" text NOT NULL, "body" text NOT NULL, "dedupe_key" text NOT NULL, "status" "public"."notification_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "transport_message_id" text, "sent_at" TIMESTAMP(3) WITH TIME ZONE, "read_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "notifications_user_id_dedupe_key_key" UNIQUE ("user_id", "dedupe_key"), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "notifications_organisation_id_idx" ON "notifications"  ("organisation_id") `);
    await queryRunner.query(`CREATE INDEX "notifications_cooperation_id_idx" ON "notifications"  ("cooperation_id") `);
    await queryRunner.query(`CREATE INDEX "notifications_user_unread_idx" ON "notifications"  ("user_id", "created_at", "id") WHERE read_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "notifications_user_list_idx" ON "notifications"  ("user_id", "created_at", "id") `);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_c075d9ce655d67bbec46ff5631a" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_c075d9ce655d67bbec46ff5631a"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_user_list_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_user_unread_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_cooperation_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_organisation_id_idx"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP TYPE "public"."notification_status"`);
  }
}
