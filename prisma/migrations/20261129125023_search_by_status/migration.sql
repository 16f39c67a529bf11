-- DropIndex
DROP INDEX "commitment_search_vector_idx";

-- The public search (`q`) with a status filter: with status in the GIN index, each status of
-- the filter is its own index scan (the list's WHERE writes them as OR-ed equalities, as GIN
-- cannot take an IN list) and only rows of those statuses reach the table; a search in a
-- common word no longer visits nearly every page of it to drop the other statuses there.
-- btree_gin gives GIN the enum's equality; it is a trusted extension (no superuser needed).
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX "commitment_public_search_idx" ON "commitment" USING GIN ("status", "search_vector")
  WHERE "archived" = false;
