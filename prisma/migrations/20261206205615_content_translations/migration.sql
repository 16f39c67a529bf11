-- AlterTable
ALTER TABLE "commitment" ADD COLUMN     "language" VARCHAR(8) NOT NULL DEFAULT 'en';

-- CreateTable
CREATE TABLE "commitment_translation" (
    "commitment_id" UUID NOT NULL,
    "language" VARCHAR(8) NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "quote" TEXT,
    "translator" TEXT NOT NULL,
    "official" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commitment_translation_pkey" PRIMARY KEY ("commitment_id","language")
);

-- CreateTable
CREATE TABLE "event_translation" (
    "event_id" UUID NOT NULL,
    "language" VARCHAR(8) NOT NULL,
    "title" TEXT NOT NULL,
    "translator" TEXT NOT NULL,
    "official" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_translation_pkey" PRIMARY KEY ("event_id","language")
);

-- CreateTable
CREATE TABLE "theme_translation" (
    "theme_id" UUID NOT NULL,
    "language" VARCHAR(8) NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "translator" TEXT NOT NULL,
    "official" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "theme_translation_pkey" PRIMARY KEY ("theme_id","language")
);

-- CreateTable
CREATE TABLE "party_translation" (
    "party_id" UUID NOT NULL,
    "language" VARCHAR(8) NOT NULL,
    "name" TEXT NOT NULL,
    "translator" TEXT NOT NULL,
    "official" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "party_translation_pkey" PRIMARY KEY ("party_id","language")
);

-- AddForeignKey
ALTER TABLE "commitment_translation" ADD CONSTRAINT "commitment_translation_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_translation" ADD CONSTRAINT "event_translation_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "theme_translation" ADD CONSTRAINT "theme_translation_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "party_translation" ADD CONSTRAINT "party_translation_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand: what Prisma's schema language cannot say.

-- The parties' Korean and Chinese names move into party_translation, marked as the tracker's own
-- translations (the translator named as in src/common/languages.ts, TRACKER_TRANSLATOR).
INSERT INTO "party_translation" ("party_id", "language", "name", "translator")
  SELECT "id", 'ko', "name_ko", 'Commitment Tracker' FROM "party" WHERE "name_ko" IS NOT NULL
  UNION ALL
  SELECT "id", 'zh', "name_zh", 'Commitment Tracker' FROM "party" WHERE "name_zh" IS NOT NULL;
ALTER TABLE "party" DROP COLUMN "name_ko", DROP COLUMN "name_zh";

-- The supported languages, as LANGUAGES in src/common/languages.ts.
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_language_supported"
  CHECK ("language" IN ('en', 'ko', 'zh'));
ALTER TABLE "commitment_translation" ADD CONSTRAINT "commitment_translation_language_supported"
  CHECK ("language" IN ('en', 'ko', 'zh'));
ALTER TABLE "event_translation" ADD CONSTRAINT "event_translation_language_supported"
  CHECK ("language" IN ('en', 'ko', 'zh'));
ALTER TABLE "theme_translation" ADD CONSTRAINT "theme_translation_language_supported"
  CHECK ("language" IN ('en', 'ko', 'zh'));
ALTER TABLE "party_translation" ADD CONSTRAINT "party_translation_language_supported"
  CHECK ("language" IN ('en', 'ko', 'zh'));

-- Search in Korean and Chinese: the `english` text-search configuration cannot split them into
-- words, so a query in those scripts is a substring match (ILIKE) served by trigram indexes over
-- the commitment's text and over its translations. The expressions are SEARCH_TEXT in
-- src/commitments/commitment-filters.ts and must stay identical to these, or the planner stops
-- using the indexes (test/search-cjk.e2e-spec.ts plans the app's statement and fails then).
-- pg_trgm is a trusted extension (no superuser needed); PGlite ships it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "commitment_public_text_trgm_idx" ON "commitment"
  USING GIN (("title" || ' ' || coalesce("summary", '') || ' ' || coalesce("quote", '')) gin_trgm_ops)
  WHERE "archived" = false;
CREATE INDEX "commitment_translation_text_trgm_idx" ON "commitment_translation"
  USING GIN (("title" || ' ' || coalesce("summary", '') || ' ' || coalesce("quote", '')) gin_trgm_ops);
