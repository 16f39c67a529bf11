-- The text-search query of a search box: web-search syntax where PostgreSQL's parser takes it,
-- the plain words of the text where it refuses it (websearch_to_tsquery raises "tsquery stack
-- too small" on 33 or more NOT operators in a row, such as a run of "-"), so a search never fails.
-- IMMUTABLE, as websearch_to_tsquery with a fixed configuration is: called on a constant (the
-- app's bound parameter), the planner evaluates it once while planning, and the GIN index on
-- search_vector takes the resulting tsquery. PARALLEL UNSAFE (the default): the EXCEPTION block
-- is a subtransaction, which PostgreSQL before 17 refuses in parallel mode ("cannot start
-- subtransactions during a parallel operation") wherever the call is not folded (a generic plan).
CREATE FUNCTION "search_tsquery"("q" text) RETURNS tsquery
  LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  RETURN websearch_to_tsquery('english', "q");
EXCEPTION WHEN OTHERS THEN
  RETURN plainto_tsquery('english', "q");
END $$;
