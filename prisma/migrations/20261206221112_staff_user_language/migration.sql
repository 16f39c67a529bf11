-- AlterTable
ALTER TABLE "staff_user" ADD COLUMN     "language" VARCHAR(8) NOT NULL DEFAULT 'en';

-- The supported languages, as LANGUAGES in src/common/languages.ts.
ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_language_supported"
  CHECK ("language" IN ('en', 'ko', 'zh'));
