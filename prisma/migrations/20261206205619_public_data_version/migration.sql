-- CreateTable
CREATE TABLE "public_data_version" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "public_data_version_pkey" PRIMARY KEY ("id")
);

-- The one row; a second cannot be made.
ALTER TABLE "public_data_version" ADD CONSTRAINT "public_data_version_single_row" CHECK ("id");
INSERT INTO "public_data_version" ("id", "version") VALUES (true, 0);

-- The public answer cache (src/common/public-cache) serves an answer only while the version it
-- was made at is the current one, so every transaction that changes a table the public answers
-- show moves the version once, whoever writes: the app, a job, an import, psql.
--
-- The version is moved at commit (a deferred constraint trigger), not at the first write: the
-- row's lock is then held only while the transaction commits, and never while it waits for
-- another lock, so writers cannot deadlock on it. A constraint trigger is per row; its WHEN
-- queues it for the transaction's first changed row only, and a transaction-local setting
-- remembers that it has been queued (both are undone together when a savepoint rolls back).
CREATE FUNCTION "public_data_first_change"() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF current_setting('tracker.public_data_changed', true) = 'on' THEN
    RETURN false;
  END IF;
  PERFORM set_config('tracker.public_data_changed', 'on', true);
  RETURN true;
END;
$$;

CREATE FUNCTION "public_data_version_move"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "public_data_version" SET "version" = "version" + 1;
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  shown text;
BEGIN
  FOREACH shown IN ARRAY ARRAY[
    'party', 'event', 'theme', 'commitment', 'commitment_tally', 'theme_tally',
    'target_date_tally', 'target_month_tally', 'commitment_party', 'commitment_lineage',
    'commitment_theme', 'status_update', 'review', 'evidence', 'commitment_evidence',
    'status_update_evidence', 'assessment', 'assessment_evidence', 'commitment_translation',
    'event_translation', 'theme_translation', 'party_translation'
  ] LOOP
    EXECUTE format(
      'CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
      'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (public_data_first_change()) '
      'EXECUTE FUNCTION public_data_version_move()',
      shown || '_public_data_version', shown);
    -- TRUNCATE has no row to defer on (tests and operators only).
    EXECUTE format(
      'CREATE TRIGGER %I AFTER TRUNCATE ON %I '
      'FOR EACH STATEMENT EXECUTE FUNCTION public_data_version_move()',
      shown || '_public_data_version_truncate', shown);
  END LOOP;
END;
$$;
