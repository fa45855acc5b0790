import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partner API (issue 6): API clients, their keys (sha256 of the secret, visible prefix) and the audit log of key calls. */
export class ApiClients1796306720490 implements MigrationInterface {
  name = 'ApiClients1796306720490';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "api_clients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "name" character varying(100) NOT NULL, "owner_organisation_id" uuid, "created_by_user_id" uuid NOT NULL, "organisation_ids" uuid array NOT NULL, "scopes" text array NOT NULL, "rate_limit_per_minute" integer, "expires_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "api_clients_rate_limit_check" CHECK (rate_limit_per_minute IS NULL OR rate_limit_per_minute > 0), CONSTRAINT "api_clients_scopes_check" CHECK (cardinality(scopes) >= 1), CONSTRAINT "api_clients_organisations_check" CHECK (cardinality(organisation_ids) >= 1), CONSTRAINT "PK_ef2d5ef0eb5e9a6ddc67cfa310e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "api_clients_created_idx" ON "api_clients"  ("created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "api_clients_owner_created_idx" ON "api_clients"  ("owner_organisation_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "prefix" character varying(8) NOT NULL, "secret_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "api_keys_client_idx" ON "api_keys"  ("client_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"  ("prefix") `);
    await queryRunner.query(`CREATE TABLE "api_audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "key_prefix" character varying(8) NOT NULL, "organisation_id" uuid, "method" character varying(10) NOT NULL, "route" character varying(300) NOT NULL, "path" character varying(2000) NOT NULL, "handler" character varying(200) NOT NULL, "record_type" character varying(60), "record_id" character varying(100), "status" smallint NOT NULL, "request_id" character varying(128), "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_552598fe21a019d25721fae820d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "api_audit_log_client_at_idx" ON "api_audit_log"  ("client_id", "at", "id") `);
    await queryRunner.query(`ALTER TABLE "api_clients" ADD CONSTRAINT "FK_00710cdf48c69b71c6852184c7f" FOREIGN KEY ("owner_organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_clients" ADD CONSTRAINT "FK_f9a129a2a8d733c4ccff14b7eb0" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "FK_b9f0ad6c30a02bcca328a6316c7" FOREIGN KEY ("client_id") REFERENCES "api_clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_audit_log" ADD CONSTRAINT "FK_eedf2c4a6bb74fe810e2b951e3a" FOREIGN KEY ("client_id") REFERENCES "api_clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_audit_log" DROP CONSTRAINT "FK_eedf2c4a6bb74fe810e2b951e3a"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_b9f0ad6c30a02bcca328a6316c7"`);
    await queryRunner.query(`ALTER TABLE "api_clients" DROP CONSTRAINT "FK_f9a129a2a8d733c4ccff14b7eb0"`);
    await queryRunner.query(`ALTER TABLE "api_clients" DROP CONSTRAINT "FK_00710cdf48c69b71c6852184c7f"`);
    await queryRunner.query(`DROP INDEX "public"."api_audit_log_client_at_idx"`);
    await queryRunner.query(`DROP TABLE "api_audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."api_keys_prefix_key"`);
    await queryRunner.query(`DROP INDEX "public"."api_keys_client_idx"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."api_clients_owner_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."api_clients_created_idx"`);
    await queryRunner.query(`DROP TABLE "api_clients"`);
  }
}
