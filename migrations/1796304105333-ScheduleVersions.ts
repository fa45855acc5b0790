import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ScheduleVersions1796304105333 implements MigrationInterface {
  name = 'ScheduleVersions1796304105333';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD "slot_count" integer NOT NULL`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD "slot_minutes" integer NOT NULL`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD "first_slot_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD "tables" integer NOT NULL`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD "base_version" integer`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD "meetings_held" integer NOT NULL`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD "requested_by_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD "published_by_user_id" uuid`);
    await queryRunner.query(`CREATE UNIQUE INDEX "meeting_schedules_published_key" ON "meeting_schedules"  ("marketplace_id") WHERE "status" = 'published'`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD CONSTRAINT "meeting_schedules_slots_check" CHECK ("slot_count" > 0 AND "tables" > 0 AND "slot_minutes" > 0)`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD CONSTRAINT "FK_5f9e8c0e0e0138712d70476fd73" FOREIGN KEY ("requested_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" ADD CONSTRAINT "FK_680f77162729f56d60acf6fc1dd" FOREIGN KEY ("published_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP CONSTRAINT "FK_680f77162729f56d60acf6fc1dd"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP CONSTRAINT "FK_5f9e8c0e0e0138712d70476fd73"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP CONSTRAINT "meeting_schedules_slots_check"`);
    await queryRunner.query(`DROP INDEX "public"."meeting_schedules_published_key"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP COLUMN "published_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP COLUMN "requested_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP COLUMN "meetings_held"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP COLUMN "base_version"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP COLUMN "tables"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP COLUMN "first_slot_at"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP COLUMN "slot_minutes"`);
    await queryRunner.query(`ALTER TABLE "meeting_schedules" DROP COLUMN "slot_count"`);
  }
}
