-- CreateTable
CREATE TABLE "commitment_tally" (
    "status" "CommitmentStatus" NOT NULL,
    "stale" BOOLEAN NOT NULL,
    "total" INTEGER NOT NULL,

    CONSTRAINT "commitment_tally_pkey" PRIMARY KEY ("status","stale")
);

-- CreateTable
CREATE TABLE "theme_tally" (
    "theme_id" UUID NOT NULL,
    "status" "CommitmentStatus" NOT NULL,
    "total" INTEGER NOT NULL,

    CONSTRAINT "theme_tally_pkey" PRIMARY KEY ("theme_id","status")
);

-- CreateTable
CREATE TABLE "target_date_tally" (
    "target_date" DATE NOT NULL,
    "status" "CommitmentStatus" NOT NULL,
    "total" INTEGER NOT NULL,

    CONSTRAINT "target_date_tally_pkey" PRIMARY KEY ("target_date","status")
);

-- AddForeignKey
ALTER TABLE "theme_tally" ADD CONSTRAINT "theme_tally_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The tallies are kept by the triggers below, never by the app. Statement-level triggers get a
-- statement's changed rows as transition tables, so a batch job's UPDATE of thousands of rows
-- costs one upsert per tally, not one per row. Upserts take tally rows in key order, so
-- concurrent writers lock them in the same order.

-- What one commitment adds to the tallies (n = 1) or takes away (n = -1).
CREATE TYPE "commitment_tally_delta" AS (
  "commitment_id" UUID,
  "status" "CommitmentStatus",
  "stale" BOOLEAN,
  "target_date" DATE,
  "n" INTEGER
);

CREATE FUNCTION "as_tally_delta"(c "commitment", n INTEGER) RETURNS "commitment_tally_delta"
LANGUAGE sql IMMUTABLE AS $$
  SELECT ROW(c.id, c.status, c.stale_since IS NOT NULL, c.target_date, n)::"commitment_tally_delta"
$$;

-- Themes are counted through commitment_theme as it is when the statement ends.
CREATE FUNCTION "apply_commitment_tally"(deltas "commitment_tally_delta"[], count_themes BOOLEAN)
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
  )
  INSERT INTO "target_date_tally" AS t ("target_date", "status", "total")
  SELECT d.target_date, d.status, sum(d.n) FROM d
  WHERE d.target_date IS NOT NULL AND d.status NOT IN ('FULFILLED', 'BROKEN')
  GROUP BY d.target_date, d.status HAVING sum(d.n) <> 0 ORDER BY d.target_date, d.status
  ON CONFLICT ("target_date", "status") DO UPDATE SET "total" = t."total" + EXCLUDED."total"
$$;

CREATE FUNCTION "tally_commitment_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "apply_commitment_tally"(ARRAY(
      SELECT "as_tally_delta"(c, 1) FROM new_rows c WHERE NOT c.archived), false);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM "apply_commitment_tally"(ARRAY(
      SELECT delta FROM old_rows o JOIN new_rows n ON n.id = o.id,
        LATERAL (SELECT "as_tally_delta"(o, -1) WHERE NOT o.archived
                 UNION ALL SELECT "as_tally_delta"(n, 1) WHERE NOT n.archived) AS x(delta)
      WHERE (o.status, o.stale_since IS NULL, o.target_date, o.archived)
        IS DISTINCT FROM (n.status, n.stale_since IS NULL, n.target_date, n.archived)), true);
  ELSE
    -- Themes of deleted commitments were taken off by commitment_untally_themes.
    PERFORM "apply_commitment_tally"(ARRAY(
      SELECT "as_tally_delta"(c, -1) FROM old_rows c WHERE NOT c.archived), false);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION "add_to_theme_tally"(theme_ids UUID[], commitment_ids UUID[], n INTEGER)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO "theme_tally" AS t ("theme_id", "status", "total")
  SELECT l.theme_id, c.status, n * count(*)
  FROM unnest(theme_ids, commitment_ids) AS l(theme_id, commitment_id)
  JOIN "commitment" c ON c.id = l.commitment_id AND NOT c.archived
  GROUP BY l.theme_id, c.status ORDER BY l.theme_id, c.status
  ON CONFLICT ("theme_id", "status") DO UPDATE SET "total" = t."total" + EXCLUDED."total"
$$;

-- Links whose commitment is being deleted find no commitment here (the cascade runs after the
-- commitment row is gone): commitment_untally_themes has taken them off before.
CREATE FUNCTION "tally_commitment_theme_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  theme_ids UUID[];
  commitment_ids UUID[];
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT array_agg(l.theme_id), array_agg(l.commitment_id) INTO theme_ids, commitment_ids
    FROM old_links l;
    PERFORM "add_to_theme_tally"(theme_ids, commitment_ids, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    SELECT array_agg(l.theme_id), array_agg(l.commitment_id) INTO theme_ids, commitment_ids
    FROM new_links l;
    PERFORM "add_to_theme_tally"(theme_ids, commitment_ids, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION "untally_commitment_themes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "add_to_theme_tally"(array_agg(ct.theme_id), array_agg(ct.commitment_id), -1)
  FROM "commitment_theme" ct WHERE ct.commitment_id = OLD.id;
  RETURN OLD;
END
$$;

CREATE TRIGGER "commitment_tally_insert" AFTER INSERT ON "commitment"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "tally_commitment_changes"();
CREATE TRIGGER "commitment_tally_update" AFTER UPDATE ON "commitment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "tally_commitment_changes"();
CREATE TRIGGER "commitment_tally_delete" AFTER DELETE ON "commitment"
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "tally_commitment_changes"();
CREATE TRIGGER "commitment_untally_themes" BEFORE DELETE ON "commitment"
  FOR EACH ROW EXECUTE FUNCTION "untally_commitment_themes"();
CREATE TRIGGER "commitment_theme_tally_insert" AFTER INSERT ON "commitment_theme"
  REFERENCING NEW TABLE AS new_links
  FOR EACH STATEMENT EXECUTE FUNCTION "tally_commitment_theme_changes"();
CREATE TRIGGER "commitment_theme_tally_update" AFTER UPDATE ON "commitment_theme"
  REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
  FOR EACH STATEMENT EXECUTE FUNCTION "tally_commitment_theme_changes"();
CREATE TRIGGER "commitment_theme_tally_delete" AFTER DELETE ON "commitment_theme"
  REFERENCING OLD TABLE AS old_links
  FOR EACH STATEMENT EXECUTE FUNCTION "tally_commitment_theme_changes"();

-- The tallies of the rows already there.
INSERT INTO "commitment_tally" ("status", "stale", "total")
SELECT status, stale_since IS NOT NULL, count(*) FROM "commitment" WHERE NOT archived
GROUP BY 1, 2;
INSERT INTO "theme_tally" ("theme_id", "status", "total")
SELECT ct.theme_id, c.status, count(*)
FROM "commitment" c JOIN "commitment_theme" ct ON ct.commitment_id = c.id
WHERE NOT c.archived GROUP BY 1, 2;
INSERT INTO "target_date_tally" ("target_date", "status", "total")
SELECT target_date, status, count(*) FROM "commitment"
WHERE NOT archived AND target_date IS NOT NULL AND status NOT IN ('FULFILLED', 'BROKEN')
GROUP BY 1, 2;
