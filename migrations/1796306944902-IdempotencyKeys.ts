import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency keys of POST requests: the claim, the request's fingerprint and the stored response (issue 6). */
export class IdempotencyKeys1796306944902 implements MigrationInterface {
  name = 'IdempotencyKeys1796306944902';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."idempotency_key_state" AS ENUM('in_progress', 'completed')`);
    await queryRunner.query(`CREATE TABLE "idempotency_keys" ("principal" character varying(100) NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "method" character varying(10) NOT NULL, "path" text NOT NULL, "state" "public"."idempotency_key_state" NOT NULL, "claim_token" uuid NOT NULL, "locked_until" TIMESTAMP(3) WITH TIME ZONE, "response_status" smallint, "response_headers" jsonb, "response_body" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_574edfb9ce98100b66a0a2e0f34" PRIMARY KEY ("principal", "key"))`);
    await queryRunner.query(`CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"  ("created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idempotency_keys_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP TYPE "public"."idempotency_key_state"`);
  }
}
