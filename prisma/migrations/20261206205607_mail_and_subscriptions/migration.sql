-- CreateEnum
CREATE TYPE "MailPreference" AS ENUM ('IMMEDIATE', 'DAILY_DIGEST', 'NONE');

-- CreateEnum
CREATE TYPE "MailKind" AS ENUM ('REMINDERS', 'DIGEST', 'FOLLOW_CONFIRMATION', 'FOLLOW_UPDATE');

-- AlterTable
ALTER TABLE "staff_user" ADD COLUMN     "digest_hour" SMALLINT NOT NULL DEFAULT 8,
ADD COLUMN     "mail_preference" "MailPreference" NOT NULL DEFAULT 'IMMEDIATE',
ADD COLUMN     "reminders_mailed_until" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "time_zone" VARCHAR(64) NOT NULL DEFAULT 'UTC';

-- CreateTable
CREATE TABLE "mail" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "MailKind" NOT NULL,
    "dedupe_key" VARCHAR(200) NOT NULL,
    "recipient" VARCHAR(254) NOT NULL,
    "staff_user_id" UUID,
    "subscription_id" UUID,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT NOT NULL,
    "unsubscribe_url" TEXT,
    "state" "NotificationState" NOT NULL DEFAULT 'PENDING',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mail_attempt" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mail_id" UUID NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,

    CONSTRAINT "mail_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" VARCHAR(254) NOT NULL,
    "commitment_id" UUID,
    "theme_id" UUID,
    "event_id" UUID,
    "confirmed_at" TIMESTAMPTZ(3),
    "notified_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscription_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mail_dedupe_key_key" ON "mail"("dedupe_key");

-- CreateIndex
CREATE INDEX "mail_state_next_attempt_at_idx" ON "mail"("state", "next_attempt_at");

-- CreateIndex
CREATE INDEX "mail_finished_at_idx" ON "mail"("finished_at");

-- CreateIndex
CREATE INDEX "mail_staff_user_id_idx" ON "mail"("staff_user_id");

-- CreateIndex
CREATE INDEX "mail_subscription_id_idx" ON "mail"("subscription_id");

-- CreateIndex
CREATE INDEX "mail_attempt_mail_id_attempted_at_idx" ON "mail_attempt"("mail_id", "attempted_at");

-- CreateIndex
CREATE INDEX "subscription_commitment_id_idx" ON "subscription"("commitment_id");

-- CreateIndex
CREATE INDEX "subscription_theme_id_idx" ON "subscription"("theme_id");

-- CreateIndex
CREATE INDEX "subscription_event_id_idx" ON "subscription"("event_id");

-- CreateIndex
CREATE INDEX "subscription_notified_until_idx" ON "subscription"("notified_until");

-- CreateIndex
CREATE INDEX "subscription_created_at_idx" ON "subscription"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_email_commitment_id_key" ON "subscription"("email", "commitment_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_email_theme_id_key" ON "subscription"("email", "theme_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_email_event_id_key" ON "subscription"("email", "event_id");

-- AddForeignKey
ALTER TABLE "mail" ADD CONSTRAINT "mail_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mail" ADD CONSTRAINT "mail_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mail_attempt" ADD CONSTRAINT "mail_attempt_mail_id_fkey" FOREIGN KEY ("mail_id") REFERENCES "mail"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand: what Prisma's schema language cannot say.

ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_digest_hour_range" CHECK ("digest_hour" BETWEEN 0 AND 23);

ALTER TABLE "mail" ADD CONSTRAINT "mail_finished_when_not_pending"
  CHECK (("state" = 'PENDING') = ("finished_at" IS NULL));
ALTER TABLE "mail" ADD CONSTRAINT "mail_one_owner"
  CHECK (num_nonnulls("staff_user_id", "subscription_id") = 1);

ALTER TABLE "subscription" ADD CONSTRAINT "subscription_one_target"
  CHECK (num_nonnulls("commitment_id", "theme_id", "event_id") = 1);
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_email_lower_case" CHECK ("email" = lower("email"));
ALTER TABLE "subscription" ADD CONSTRAINT "subscription_cursor_when_confirmed"
  CHECK (("confirmed_at" IS NULL) = ("notified_until" IS NULL));

-- The send-mail job reads the open reminders to mail since each staff user's cursor: when they
-- opened, a CUSTOM one not before it is due (MAILED_AT_SQL in reminder-mails.repository.ts).
CREATE INDEX "reminder_open_mailed_at_idx" ON "reminder"
  ((CASE WHEN "kind" = 'CUSTOM' AND "due_at" > "created_at" THEN "due_at" ELSE "created_at" END))
  WHERE "state" = 'OPEN';
