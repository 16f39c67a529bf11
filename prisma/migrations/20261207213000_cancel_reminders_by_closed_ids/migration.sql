-- The trigger that cancels the open reminders of closed commitments joined the reminders with
-- its transition table. PL/pgSQL keeps one plan per session for a statement without parameters,
-- made at its first run: with the reminders' statistics counting few open ones, that plan read
-- the open reminders and rescanned the transition table for each (an UPDATE of 210,000
-- commitments over 300,000 open reminders read 230 GB in 4 minutes, unfinished). The closed
-- commitments' ids are now collected first, nothing is done when there are none (stale-check's
-- flags, reviews, most edits), and the reminders are looked up by those ids as a parameter. Each
-- run is planned for its own ids, so the plan is either an index probe per id or one pass over
-- the open reminders with the ids hashed: no plan grows with both.
CREATE OR REPLACE FUNCTION "cancel_reminders_of_closed_commitments"() RETURNS trigger
LANGUAGE plpgsql SET "plan_cache_mode" = 'force_custom_plan' AS $$
DECLARE
  closed_ids UUID[] := ARRAY(
    SELECT c."id" FROM new_rows c WHERE c."archived" OR c."status" IN ('FULFILLED', 'BROKEN'));
BEGIN
  IF cardinality(closed_ids) > 0 THEN
    UPDATE "reminder" SET "state" = 'CANCELLED', "closed_at" = now(), "updated_at" = now()
    WHERE "commitment_id" = ANY (closed_ids) AND "state" = 'OPEN';
  END IF;
  RETURN NULL;
END $$;
