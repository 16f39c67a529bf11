-- AlterTable
ALTER TABLE "subscription" ADD COLUMN     "language" VARCHAR(8) NOT NULL DEFAULT 'en';

-- The supported languages, as LANGUAGES in src/common/languages.ts.
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_language_supported"
  CHECK ("language" IN ('en', 'ko', 'zh'));
