-- Fixed-window counters shared by every instance (src/database/shared-counter.ts): the public
-- rate limit and failed authentications. The columns are those rate-limiter-flexible's
-- RateLimiterPostgres uses; it is told the table exists and never creates it.
-- UNLOGGED, which Prisma's schema cannot say: every public request writes a row here, and an
-- unlogged table writes no WAL, so its commits do not wait for a WAL flush. What that gives up
-- is fine for counters: the table is emptied after a crash and absent on standbys, so clients
-- get a fresh window then.
CREATE UNLOGGED TABLE "rate_limit_counter" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limit_counter_pkey" PRIMARY KEY ("key")
);

-- The periodic sweep deletes the rows whose window ended over an hour ago.
CREATE INDEX "rate_limit_counter_expire_idx" ON "rate_limit_counter"("expire");
