-- What stale-check reads (see src/jobs/staleness-rule.ts, whose expressions these repeat): only
-- the commitments it changes, so a daily run costs the few that fell due, not a walk of the
-- table. Partial indexes over the open, unflagged commitments, by when their review falls due:
-- on the default interval (a configuration value, so the job compares the last review with a
-- cutoff), and on their own interval (due time indexed directly). Days are UTC days.
CREATE INDEX "commitment_review_due_default_idx" ON "commitment"
  ((COALESCE("last_reviewed_at" AT TIME ZONE 'UTC', "made_on"::timestamp)))
  WHERE "stale_since" IS NULL AND NOT ("archived" OR "status" IN ('FULFILLED', 'BROKEN'))
    AND "review_interval_days" IS NULL;
CREATE INDEX "commitment_review_due_own_idx" ON "commitment"
  ((COALESCE("last_reviewed_at" AT TIME ZONE 'UTC', "made_on"::timestamp)
    + make_interval(days => "review_interval_days")))
  WHERE "stale_since" IS NULL AND NOT ("archived" OR "status" IN ('FULFILLED', 'BROKEN'))
    AND "review_interval_days" IS NOT NULL;

-- The safety net's rows: archived or terminal commitments still flagged (normally none).
CREATE INDEX "commitment_closed_stale_idx" ON "commitment" ("id")
  WHERE "stale_since" IS NOT NULL AND ("archived" OR "status" IN ('FULFILLED', 'BROKEN'));

-- A terminal or archived commitment gets no reminders: its open ones are cancelled by the
-- statement that closes it, whoever runs it (the staff API cancels them itself first; this
-- catches writes that bypass it). stale-check used to find these by walking every commitment.
CREATE FUNCTION "cancel_reminders_of_closed_commitments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "reminder" r SET "state" = 'CANCELLED', "closed_at" = now(), "updated_at" = now()
  FROM new_rows c
  WHERE r."commitment_id" = c."id" AND r."state" = 'OPEN'
    AND (c."archived" OR c."status" IN ('FULFILLED', 'BROKEN'));
  RETURN NULL;
END $$;
CREATE TRIGGER "commitment_closed_cancels_reminders" AFTER UPDATE ON "commitment"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "cancel_reminders_of_closed_commitments"();

-- Reminders left open by closed commitments before this migration.
UPDATE "reminder" r SET "state" = 'CANCELLED', "closed_at" = now(), "updated_at" = now()
FROM "commitment" c
WHERE r."commitment_id" = c."id" AND r."state" = 'OPEN'
  AND (c."archived" OR c."status" IN ('FULFILLED', 'BROKEN'));
