-- CreateTable
CREATE TABLE "target_month_tally" (
    "target_month" DATE NOT NULL,
    "status" "CommitmentStatus" NOT NULL,
    "total" INTEGER NOT NULL,

    CONSTRAINT "target_month_tally_pkey" PRIMARY KEY ("target_month","status")
);

-- Kept with the other tallies (see the stats_tallies migration): the same upsert, per month.
CREATE OR REPLACE FUNCTION "apply_commitment_tally"(deltas "commitment_tally_delta"[], count_themes BOOLEAN)
RETURNS void LANGUAGE sql AS $$
  WITH d AS (SELECT * FROM unnest(deltas)),
  by_status AS (
    INSERT INTO "commitment_tally" AS t ("status", "stale", "total")
    SELECT d.status, d.stale, sum(d.n) FROM d
    GROUP BY d.status, d.stale HAVING sum(d.n) <> 0 ORDER BY d.status, d.stale
    ON CONFLICT ("status", "stale") DO UPDATE SET "total" = t."total" + EXCLUDED."total"
  ),
  by_theme AS (
    INSERT INTO "theme_tally" AS t ("theme_id", "status", "total")
    SELECT ct.theme_id, d.status, sum(d.n)
    FROM d JOIN "commitment_theme" ct ON ct.commitment_id = d.commitment_id
    WHERE count_themes
    GROUP BY ct.theme_id, d.status HAVING sum(d.n) <> 0 ORDER BY ct.theme_id, d.status
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

INSERT INTO "target_month_tally" ("target_month", "status", "total")
SELECT date_trunc('month', target_date)::date, status, sum(total) FROM "target_date_tally"
GROUP BY 1, 2;
