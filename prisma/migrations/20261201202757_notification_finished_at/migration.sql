-- AlterTable
ALTER TABLE "notification" ADD COLUMN     "finished_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "notification_finished_at_idx" ON "notification"("finished_at");

-- Finished notifications before this migration: delivered when delivered, failed at their last attempt.
UPDATE "notification" n
SET "finished_at" = COALESCE(n."delivered_at",
  (SELECT max(a."attempted_at") FROM "notification_attempt" a WHERE a."notification_id" = n."id"),
  n."created_at")
WHERE n."state" <> 'PENDING';

-- Finished (DELIVERED or FAILED) exactly when it has the time it finished, from which the
-- cleanup job counts its retention.
ALTER TABLE "notification" ADD CONSTRAINT "notification_finished_at_iff_finished"
  CHECK (("state" = 'PENDING') = ("finished_at" IS NULL));
