import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation: districts, organisations, users, needs, offers and the outbox.
 * Generated from the entities (npm run cli -- migration:generate), plus what TypeORM does not
 * model: the GIN indexes over arrays and full-text vectors and the great-circle distance function.
 */
export class Foundation1764082800000 implements MigrationInterface {
  name = 'Foundation1764082800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(`CREATE TYPE "public"."district_level" AS ENUM('city', 'borough', 'quarter')`);
    await queryRunner.query(`CREATE TABLE "districts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "name" text NOT NULL, "slug" text NOT NULL, "parent_id" uuid, "level" "public"."district_level" NOT NULL, "lat" double precision NOT NULL, "lon" double precision NOT NULL, "ancestor_ids" uuid array NOT NULL, CONSTRAINT "PK_972a72ff4e3bea5c7f43a2b98af" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "districts_slug_key" ON "districts"  ("slug") `);
    await queryRunner.query(`CREATE INDEX "districts_parent_id_idx" ON "districts"  ("parent_id") `);
    await queryRunner.query(`CREATE TYPE "public"."organisation_kind" AS ENUM('nonprofit', 'company')`);
    await queryRunner.query(`CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "kind" "public"."organisation_kind" NOT NULL, "legal_form" text, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "street" text, "postal_code" text, "city" text, "lat" double precision, "lon" double precision, "district_id" uuid NOT NULL, "cause_areas" text array NOT NULL DEFAULT '{}', "website" text, "contact_name" text, "contact_email" text, "contact_phone" text, "give_backs" text array NOT NULL DEFAULT '{}', "engagement_cause_areas" text array NOT NULL DEFAULT '{}', "engagement_district_ids" uuid array NOT NULL DEFAULT '{}', "engagement_yearly_hours" integer, CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "organisations_district_id_idx" ON "organisations"  ("district_id") `);
    await queryRunner.query(`CREATE TYPE "public"."listing_category" AS ENUM('time', 'skills', 'logistics', 'goods', 'contacts', 'space')`);
    await queryRunner.query(`CREATE TYPE "public"."listing_unit" AS ENUM('hours', 'persons', 'items', 'trips', 'm2')`);
    await queryRunner.query(`CREATE TYPE "public"."need_status" AS ENUM('draft', 'published', 'matched', 'fulfilled', 'withdrawn', 'expired')`);
    await queryRunner.query(`CREATE TABLE "needs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "organisation_id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "category" "public"."listing_category" NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "unit" "public"."listing_unit" NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "lat" double precision NOT NULL, "lon" double precision NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "quantity" integer NOT NULL, "district_id" uuid NOT NULL, "give_back" text NOT NULL DEFAULT '', "status" "public"."need_status" NOT NULL DEFAULT 'draft', CONSTRAINT "PK_fdb71d393bc390a1a09ac047dd1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "needs_district_id_idx" ON "needs"  ("district_id") `);
    await queryRunner.query(`CREATE INDEX "needs_organisation_id_idx" ON "needs"  ("organisation_id") `);
    await queryRunner.query(`CREATE INDEX "needs_lat_lon_idx" ON "needs"  ("lat", "lon") `);
    await queryRunner.query(`CREATE INDEX "needs_status_created_idx" ON "needs"  ("status", "created_at", "id") `);
    await queryRunner.query(`CREATE TYPE "public"."offer_status" AS ENUM('draft', 'published', 'paused', 'exhausted', 'withdrawn', 'expired')`);
    await queryRunner.query(`CREATE TABLE "offers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "organisation_id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "category" "public"."listing_category" NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "unit" "public"."listing_unit" NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "lat" double precision NOT NULL, "lon" double precision NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "capacity" integer NOT NULL, "district_ids" uuid array NOT NULL DEFAULT '{}', "radius_km" double precision, "home_district_id" uuid NOT NULL, "status" "public"."offer_status" NOT NULL DEFAULT 'draft', CONSTRAINT "PK_4c88e956195bba85977da21b8f4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "offers_home_district_id_idx" ON "offers"  ("home_district_id") `);
    await queryRunner.query(`CREATE INDEX "offers_organisation_id_idx" ON "offers"  ("organisation_id") `);
    await queryRunner.query(`CREATE INDEX "offers_lat_lon_idx" ON "offers"  ("lat", "lon") `);
    await queryRunner.query(`CREATE INDEX "offers_status_created_idx" ON "offers"  ("status", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "email" text NOT NULL, "password_hash" text NOT NULL, "display_name" text NOT NULL, "organisation_id" uuid, "is_admin" boolean NOT NULL DEFAULT false, "organiser_district_ids" uuid array NOT NULL DEFAULT '{}', CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
    await queryRunner.query(`CREATE INDEX "users_organisation_id_idx" ON "users"  ("organisation_id") `);
    await queryRunner.query(`CREATE TABLE "outbox" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "queue" character varying(60) NOT NULL, "job_name" character varying(60) NOT NULL, "job_id" character varying(200) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox"  ("available_at", "id") WHERE dispatched_at IS NULL`);
    await queryRunner.query(`ALTER TABLE "districts" ADD CONSTRAINT "FK_dc2771c86e32d7668e03fe4c864" FOREIGN KEY ("parent_id") REFERENCES "districts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD CONSTRAINT "FK_527390d06709cbf07b30e8119b3" FOREIGN KEY ("district_id") REFERENCES "districts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "needs" ADD CONSTRAINT "FK_4084923badc893684fc92b748ea" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "needs" ADD CONSTRAINT "FK_7cad0367a78a6a8e8dd23f6a0d3" FOREIGN KEY ("district_id") REFERENCES "districts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "offers" ADD CONSTRAINT "FK_36cb91efb362237aa780f63e1be" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "offers" ADD CONSTRAINT "FK_a51444fcc6348aafba41f5e7302" FOREIGN KEY ("home_district_id") REFERENCES "districts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_2fc4294f8ec97da71d587dc5577" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE INDEX "districts_ancestor_ids_gin" ON "districts" USING gin ("ancestor_ids")`);
    // German full-text vectors, kept by PostgreSQL; TypeORM records generated columns in typeorm_metadata.
    // The GIN indexes lead with the category (btree_gin): browsing filters by both, and a search
    // without a category still uses them.
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`);
    await queryRunner.query(`ALTER TABLE "needs" ADD "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('german'::regconfig, (title::text || ' ') || description)) STORED NOT NULL`);
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'needs', 'GENERATED_COLUMN', 'search_vector', $1)`,
      [`to_tsvector('german'::regconfig, (title::text || ' ') || description)`],
    );
    await queryRunner.query(`CREATE INDEX "needs_search_gin" ON "needs" USING gin ("category", "search_vector")`);
    await queryRunner.query(`ALTER TABLE "offers" ADD "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('german'::regconfig, (title::text || ' ') || description)) STORED NOT NULL`);
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), 'public', 'offers', 'GENERATED_COLUMN', 'search_vector', $1)`,
      [`to_tsvector('german'::regconfig, (title::text || ' ') || description)`],
    );
    await queryRunner.query(`CREATE INDEX "offers_search_gin" ON "offers" USING gin ("category", "search_vector")`);
    await queryRunner.query(`CREATE INDEX "needs_tags_gin" ON "needs" USING gin ("tags")`);
    await queryRunner.query(`CREATE INDEX "offers_tags_gin" ON "offers" USING gin ("tags")`);
    await queryRunner.query(`CREATE INDEX "offers_district_ids_gin" ON "offers" USING gin ("district_ids")`);
    await queryRunner.query(`CREATE INDEX "organisations_search_gin" ON "organisations" USING gin (to_tsvector('german'::regconfig, name || ' ' || description))`);
    await queryRunner.query(`CREATE FUNCTION marktplatz_distance_km(lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT 6371.0088 * 2 * asin(least(1, sqrt(power(sin(radians(lat2 - lat1) / 2), 2) + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)))) $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION marktplatz_distance_km(double precision, double precision, double precision, double precision)`);
    await queryRunner.query(`DROP INDEX "public"."organisations_search_gin"`);
    await queryRunner.query(`DROP INDEX "public"."offers_district_ids_gin"`);
    await queryRunner.query(`DROP INDEX "public"."offers_tags_gin"`);
    await queryRunner.query(`DROP INDEX "public"."needs_tags_gin"`);
    await queryRunner.query(`DROP INDEX "public"."offers_search_gin"`);
    await queryRunner.query(`DROP INDEX "public"."needs_search_gin"`);
    await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search_vector' AND "table" IN ('needs', 'offers')`);
    await queryRunner.query(`DROP INDEX "public"."districts_ancestor_ids_gin"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_2fc4294f8ec97da71d587dc5577"`);
    await queryRunner.query(`ALTER TABLE "offers" DROP CONSTRAINT "FK_a51444fcc6348aafba41f5e7302"`);
    await queryRunner.query(`ALTER TABLE "offers" DROP CONSTRAINT "FK_36cb91efb362237aa780f63e1be"`);
    await queryRunner.query(`ALTER TABLE "needs" DROP CONSTRAINT "FK_7cad0367a78a6a8e8dd23f6a0d3"`);
    await queryRunner.query(`ALTER TABLE "needs" DROP CONSTRAINT "FK_4084923badc893684fc92b748ea"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "FK_527390d06709cbf07b30e8119b3"`);
    await queryRunner.query(`ALTER TABLE "districts" DROP CONSTRAINT "FK_dc2771c86e32d7668e03fe4c864"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_pending_idx"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."users_organisation_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."offers_status_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."offers_lat_lon_idx"`);
    await queryRunner.query(`DROP INDEX "public"."offers_organisation_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."offers_home_district_id_idx"`);
    await queryRunner.query(`DROP TABLE "offers"`);
    await queryRunner.query(`DROP TYPE "public"."offer_status"`);
    await queryRunner.query(`DROP INDEX "public"."needs_status_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."needs_lat_lon_idx"`);
    await queryRunner.query(`DROP INDEX "public"."needs_organisation_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."needs_district_id_idx"`);
    await queryRunner.query(`DROP TABLE "needs"`);
    await queryRunner.query(`DROP TYPE "public"."need_status"`);
    await queryRunner.query(`DROP TYPE "public"."listing_unit"`);
    await queryRunner.query(`DROP TYPE "public"."listing_category"`);
    await queryRunner.query(`DROP INDEX "public"."organisations_district_id_idx"`);
    await queryRunner.query(`DROP TABLE "organisations"`);
    await queryRunner.query(`DROP TYPE "public"."organisation_kind"`);
    await queryRunner.query(`DROP INDEX "public"."districts_parent_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."districts_slug_key"`);
    await queryRunner.query(`DROP TABLE "districts"`);
    await queryRunner.query(`DROP TYPE "public"."district_level"`);
  }
}
