-- CreateTable
CREATE TABLE "commitment_search_term" (
    "commitment_id" UUID NOT NULL,
    "term" TEXT NOT NULL,
    "rank" REAL NOT NULL,

    CONSTRAINT "commitment_search_term_pkey" PRIMARY KEY ("commitment_id","term")
);

-- CreateIndex
CREATE INDEX "commitment_search_term_term_rank_commitment_id_idx" ON "commitment_search_term"("term", "rank" DESC, "commitment_id" DESC);

-- AddForeignKey
ALTER TABLE "commitment_search_term" ADD CONSTRAINT "commitment_search_term_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A one-word search (`q` whose tsquery is one lexeme) ranked by relevance reads its page from
-- the index on (term, rank DESC, commitment_id DESC): in rank order, stopping at the page,
-- instead of visiting every match's row to rank it with ts_rank. Each row holds the very value
-- ts_rank(search_vector, <that word>) gives, so the order and the cursors are the same as
-- ranking at query time. Searches of more than one lexeme are ranked at query time.

-- The lexeme of a tsquery that is one bare lexeme (no prefix, no weights), else NULL.
CREATE FUNCTION "search_term"(q tsquery) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN numnode(q) = 1 AND q::text ~ '^''.*''$'
    THEN regexp_replace(substr(q::text, 2, length(q::text) - 2), '([''\\])\1', '\1', 'g') END
$$;

-- The tsquery of one lexeme (quotes and backslashes doubled, as tsquery's input wants them).
CREATE FUNCTION "term_query"(lexeme text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ('''' || regexp_replace(lexeme, '([''\\])', '\1\1', 'g') || '''')::tsquery
$$;

-- New commitments: one statement's rows at once (the bulk seeder and imports insert many).
CREATE FUNCTION "commitment_search_terms_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "commitment_search_term" ("commitment_id", "term", "rank")
  SELECT n."id", v.lexeme, ts_rank(n."search_vector", term_query(v.lexeme))
  FROM new_rows n, unnest(n."search_vector") v;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "commitment_search_terms_insert" AFTER INSERT ON "commitment"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION commitment_search_terms_insert();

-- A commitment whose text changed: its terms again. Only statements that set the text fire it,
-- so version bumps and stale-check's flags cost nothing here.
CREATE FUNCTION "commitment_search_terms_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "commitment_search_term" WHERE "commitment_id" = NEW."id";
  INSERT INTO "commitment_search_term" ("commitment_id", "term", "rank")
  SELECT NEW."id", v.lexeme, ts_rank(NEW."search_vector", term_query(v.lexeme))
  FROM unnest(NEW."search_vector") v;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "commitment_search_terms_update"
  AFTER UPDATE OF "title", "summary", "quote" ON "commitment"
  FOR EACH ROW WHEN (OLD."search_vector" IS DISTINCT FROM NEW."search_vector")
  EXECUTE FUNCTION commitment_search_terms_update();

-- No public_data_version trigger of its own: its rows change only by the triggers above, in
-- the statement that changes the commitment, whose own trigger moves the version.

INSERT INTO "commitment_search_term" ("commitment_id", "term", "rank")
SELECT c."id", v.lexeme, ts_rank(c."search_vector", term_query(v.lexeme))
FROM "commitment" c, unnest(c."search_vector") v;
