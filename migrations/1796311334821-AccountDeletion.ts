import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account deletion (issue 7): an organisation deleted while cooperations with a signed agreement
 * keep its row (`deleted_at`, the row anonymised); a signed agreement may have its contact
 * persons anonymised (`anonymised_at`) under the erasure setting, nothing else; an API client
 * outlives the account of the person who made it (revoked, `created_by_user_id` null).
 */
export class AccountDeletion1796311334821 implements MigrationInterface {
  name = 'AccountDeletion1796311334821';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_clients" DROP CONSTRAINT "FK_f9a129a2a8d733c4ccff14b7eb0"`);
    await queryRunner.query(`ALTER TABLE "organisations" ADD "deleted_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "agreements" ADD "anonymised_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "api_clients" ALTER COLUMN "created_by_user_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "api_clients" ADD CONSTRAINT "FK_f9a129a2a8d733c4ccff14b7eb0" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION agreements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changeable text[] := ARRAY['superseded_at'];
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'agreement % version % is signed by both parties and cannot be deleted', OLD.cooperation_id, OLD.version
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.signed_at IS NULL THEN
          RETURN NEW;
        END IF;
        -- An account's erasure (transaction-local setting marktplatz.erasure = on) may replace the
        -- contact persons, mark the version anonymised and drop the user references, nothing else.
        IF current_setting('marktplatz.erasure', true) = 'on' THEN
          changeable := changeable || ARRAY['nonprofit_contact', 'company_contact', 'anonymised_at', 'created_by_user_id', 'nonprofit_signed_by_user_id', 'company_signed_by_user_id'];
          IF (NEW.created_by_user_id IS NOT NULL AND NEW.created_by_user_id IS DISTINCT FROM OLD.created_by_user_id)
             OR (NEW.nonprofit_signed_by_user_id IS NOT NULL AND NEW.nonprofit_signed_by_user_id IS DISTINCT FROM OLD.nonprofit_signed_by_user_id)
             OR (NEW.company_signed_by_user_id IS NOT NULL AND NEW.company_signed_by_user_id IS DISTINCT FROM OLD.company_signed_by_user_id) THEN
            RAISE EXCEPTION 'agreement % version %: an erasure can only remove user references', OLD.cooperation_id, OLD.version
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
        END IF;
        IF (to_jsonb(NEW) - changeable) IS DISTINCT FROM (to_jsonb(OLD) - changeable)
           OR (OLD.superseded_at IS NOT NULL AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at) THEN
          RAISE EXCEPTION 'agreement % version % is signed by both parties and cannot be changed', OLD.cooperation_id, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION agreements_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'agreement % version % is signed by both parties and cannot be deleted', OLD.cooperation_id, OLD.version
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.signed_at IS NOT NULL AND (
             (to_jsonb(NEW) - 'superseded_at') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_at')
             OR (OLD.superseded_at IS NOT NULL AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at)) THEN
          RAISE EXCEPTION 'agreement % version % is signed by both parties and cannot be changed', OLD.cooperation_id, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`ALTER TABLE "api_clients" DROP CONSTRAINT "FK_f9a129a2a8d733c4ccff14b7eb0"`);
    // clients whose maker's account was deleted (revoked then) cannot name a maker any more
    await queryRunner.query(`DELETE FROM "api_clients" WHERE "created_by_user_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "api_clients" ALTER COLUMN "created_by_user_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "agreements" DROP COLUMN "anonymised_at"`);
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "deleted_at"`);
    await queryRunner.query(`ALTER TABLE "api_clients" ADD CONSTRAINT "FK_f9a129a2a8d733c4ccff14b7eb0" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }
}
