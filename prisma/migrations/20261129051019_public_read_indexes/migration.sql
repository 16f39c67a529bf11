-- Indexes of the public read API (written by hand: expressions and partial indexes are beyond
-- Prisma's schema language). See "Which index serves what" in the README.

-- Order by target date with missing dates last in both directions: the keyset is
-- (COALESCE(target_date, ±infinity), id), so one index range serves each page.
CREATE INDEX "commitment_public_target_asc_idx" ON "commitment"
  (COALESCE("target_date", 'infinity'::date), "id") WHERE "archived" = false;
CREATE INDEX "commitment_public_target_desc_idx" ON "commitment"
  (COALESCE("target_date", '-infinity'::date) DESC, "id" DESC) WHERE "archived" = false;
