import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partner API's change feed and webhooks (issue 6): domain events with their feed position,
 * webhook subscriptions, deliveries and the log of every attempt.
 */
export class EventsAndWebhooks1796307643854 implements MigrationInterface {
  name = 'EventsAndWebhooks1796307643854';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "domain_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" bigint, "type" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "organisation_ids" uuid array NOT NULL DEFAULT '{}', "public" boolean NOT NULL, "district_id" uuid, "data" jsonb NOT NULL, "sequenced_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_66e0920a32dda3a89b46ee7a981" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "domain_events_public_seq_idx" ON "domain_events"  ("seq") WHERE public`);
    await queryRunner.query(`CREATE INDEX "domain_events_pending_idx" ON "domain_events"  ("occurred_at", "id") WHERE seq IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "domain_events_seq_key" ON "domain_events"  ("seq") `);
    // the change feed's private events of one organisation (not expressible as an entity index)
    await queryRunner.query(`CREATE INDEX "domain_events_organisation_ids_gin" ON "domain_events" USING gin ("organisation_ids") WHERE NOT public`);
    await queryRunner.query(`CREATE TYPE "public"."webhook_status" AS ENUM('active', 'disabled')`);
    await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "organisation_id" uuid NOT NULL, "url" text NOT NULL, "description" text NOT NULL DEFAULT '', "event_types" text array NOT NULL, "district_id" uuid, "status" "public"."webhook_status" NOT NULL DEFAULT 'active', "secret" text NOT NULL, "previous_secret" text, "previous_secret_expires_at" TIMESTAMP(3) WITH TIME ZONE, "consecutive_failures" integer NOT NULL DEFAULT '0', "disabled_at" TIMESTAMP(3) WITH TIME ZONE, "disabled_reason" text, "created_by_user_id" uuid, CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "webhook_subscriptions_active_idx" ON "webhook_subscriptions"  ("status") WHERE status = 'active'`);
    await queryRunner.query(`CREATE INDEX "webhook_subscriptions_organisation_idx" ON "webhook_subscriptions"  ("organisation_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TYPE "public"."webhook_delivery_kind" AS ENUM('event', 'ping', 'redelivery')`);
    await queryRunner.query(`CREATE TYPE "public"."webhook_delivery_status" AS ENUM('pending', 'delivered', 'failed')`);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subscription_id" uuid NOT NULL, "event_id" uuid, "event_type" text NOT NULL, "kind" "public"."webhook_delivery_kind" NOT NULL, "redelivery_of" uuid, "status" "public"."webhook_delivery_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL, "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE, "locked_until" TIMESTAMP(3) WITH TIME ZONE, "last_status_code" integer, "last_error" text, "delivered_at" TIMESTAMP(3) WITH TIME ZONE, "failed_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries"  ("event_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "webhook_deliveries_event_key" ON "webhook_deliveries"  ("subscription_id", "event_id") WHERE kind = 'event'`);
    await queryRunner.query(`CREATE INDEX "webhook_deliveries_subscription_idx" ON "webhook_deliveries"  ("subscription_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "webhook_delivery_attempts" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "latency_ms" integer NOT NULL, "status_code" integer, "response_excerpt" text, "error" text, "success" boolean NOT NULL, CONSTRAINT "PK_59ef9124585b56c18b98548a0c6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "webhook_delivery_attempts_key" ON "webhook_delivery_attempts"  ("delivery_id", "attempt") `);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "FK_680e763687602d9be5800e47ed2" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "FK_4830c4787a36b575de14ef4a4b6" FOREIGN KEY ("district_id") REFERENCES "districts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "FK_d5d3e3848754e48dfd942c90279" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_23eb2b6ae801c52cfb79a556b8a" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_27d1ee90033bdafe0ffe8f1be6f" FOREIGN KEY ("event_id") REFERENCES "domain_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_700e5e2f971a7d0ee2cd19c0d72" FOREIGN KEY ("redelivery_of") REFERENCES "webhook_deliveries"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "FK_647916c401c0c275df5f00c148f" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "FK_647916c401c0c275df5f00c148f"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_700e5e2f971a7d0ee2cd19c0d72"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_27d1ee90033bdafe0ffe8f1be6f"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_23eb2b6ae801c52cfb79a556b8a"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "FK_d5d3e3848754e48dfd942c90279"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "FK_4830c4787a36b575de14ef4a4b6"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "FK_680e763687602d9be5800e47ed2"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_delivery_attempts_key"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_subscription_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_event_key"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_event_idx"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_delivery_status"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_delivery_kind"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_subscriptions_organisation_idx"`);
    await queryRunner.query(`DROP INDEX "public"."webhook_subscriptions_active_idx"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
    await queryRunner.query(`DROP TYPE "public"."webhook_status"`);
    await queryRunner.query(`DROP INDEX "public"."domain_events_organisation_ids_gin"`);
    await queryRunner.query(`DROP INDEX "public"."domain_events_seq_key"`);
    await queryRunner.query(`DROP INDEX "public"."domain_events_pending_idx"`);
    await queryRunner.query(`DROP INDEX "public"."domain_events_public_seq_idx"`);
    await queryRunner.query(`DROP TABLE "domain_events"`);
  }
}
