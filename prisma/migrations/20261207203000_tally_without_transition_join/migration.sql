-- The tallies' UPDATE trigger took what a statement changed from a join of its transition
-- tables. PL/pgSQL keeps one plan per session for a statement without parameters, made at its
-- first run: after a small UPDATE of commitment, a later UPDATE of many rows in that session
-- joined them by nested loop, in time growing with the square of the rows (4,000 rows: 2.5 s
-- against 0.5 s in a new session; a statement of 200,000 ran for over 20 minutes). Each old row
-- now takes itself off and each new row adds itself, with no join: an unchanged row's two
-- deltas cancel in the sums, which drop totals of zero.
CREATE OR REPLACE FUNCTION "tally_commitment_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "apply_commitment_tally"(ARRAY(
      SELECT "as_tally_delta"(c, 1) FROM new_rows c WHERE NOT c.archived), false);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "apply_commitment_tally"(ARRAY(
      SELECT "as_tally_delta"(o, -1) FROM old_rows o WHERE NOT o.archived
      UNION ALL
      SELECT "as_tally_delta"(n, 1) FROM new_rows n WHERE NOT n.archived), true);
  ELSE
    -- Themes of deleted commitments were taken off by commitment_untally_themes.
    PERFORM "apply_commitment_tally"(ARRAY(
      SELECT "as_tally_delta"(c, -1) FROM old_rows c WHERE NOT c.archived), false);
  END IF;
  RETURN NULL;
END
$$;

-- Themes count commitments by status: a commitment whose status and archiving did not change
-- (its two deltas cancel) is not looked up in commitment_theme.
CREATE OR REPLACE FUNCTION "apply_commitment_tally"(deltas "commitment_tally_delta"[], count_themes BOOLEAN)
RETURNS void LANGUAGE sql AS $$
  WITH d AS (SELECT * FROM unnest(deltas)),
  by_status AS (
    INSERT INTO "commitment_tally" AS t ("status", "stale", "total")
    SELECT d.status, d.stale, sum(d.n) FROM d
    GROUP BY d.status, d.stale HAVING sum(d.n) <> 0 ORDER BY d.status, d.stale
    ON CONFLICT ("status", "stale") DO UPDATE SET "total" = t."total" + EXCLUDED."total"
  ),
  theme_deltas AS (
    SELECT d.commitment_id, d.status, sum(d.n) AS n FROM d
    WHERE count_themes
    GROUP BY d.commitment_id, d.status HAVING sum(d.n) <> 0
  ),
  by_theme AS (
    INSERT INTO "theme_tally" AS t ("theme_id", "status", "total")
    SELECT ct.theme_id, m.status, sum(m.n)
    FROM theme_deltas m JOIN "commitment_theme" ct ON ct.commitment_id = m.commitment_id
    GROUP BY ct.theme_id, m.status HAVING sum(m.n) <> 0 ORDER BY ct.theme_id, m.status
    ON CONFLICT ("theme_id", "status") DO UPDATE SET "total" = t."total" + EXCLUDED."total"
  ),
  open_targets AS (
    SELECT * FROM d WHERE d.target_date IS NOT NULL AND d.status NOT IN ('FULFILLED', 'BROKEN')
  ),
  by_month AS (
    INSERT INTO "target_month_tally" AS t ("target_month", "status", "total")
    SELECT date_trunc('month', o.target_date)::date, o.status, sum(o.n) FROM open_targets o
    GROUP BY 1, 2 HAVING sum(o.n) <> 0 ORDER BY 1, 2
    ON CONFLICT ("target_month", "status") DO UPDATE SET "total" = t."total" + EXCLUDED."total"
  )
  INSERT INTO "target_date_tally" AS t ("target_date", "status", "total")
  SELECT o.target_date, o.status, sum(o.n) FROM open_targets o
  GROUP BY o.target_date, o.status HAVING sum(o.n) <> 0 ORDER BY o.target_date, o.status
  ON CONFLICT ("target_date", "status") DO UPDATE SET "total" = t."total" + EXCLUDED."total"
$$;
