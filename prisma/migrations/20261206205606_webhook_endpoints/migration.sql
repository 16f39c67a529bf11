-- CreateEnum
CREATE TYPE "WebhookPauseReason" AS ENUM ('ADMIN', 'FAILING');

-- CreateTable
CREATE TABLE "webhook_endpoint" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "url" TEXT NOT NULL,
    "event_types" TEXT[],
    "secret" TEXT NOT NULL,
    "paused_at" TIMESTAMPTZ(3),
    "pause_reason" "WebhookPauseReason",
    "failing_since" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "event_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "state" "NotificationState" NOT NULL DEFAULT 'PENDING',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_http_status" INTEGER,
    "last_error" TEXT,
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_endpoint_event_types_idx" ON "webhook_endpoint" USING GIN ("event_types");

-- CreateIndex
CREATE INDEX "webhook_event_created_at_idx" ON "webhook_event"("created_at");

-- CreateIndex
CREATE INDEX "webhook_delivery_endpoint_id_created_at_id_idx" ON "webhook_delivery"("endpoint_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "webhook_delivery_finished_at_idx" ON "webhook_delivery"("finished_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_event_id_endpoint_id_key" ON "webhook_delivery"("event_id", "endpoint_id");

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "webhook_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand. The event types an endpoint can subscribe to, at least one
-- (WEBHOOK_EVENT_TYPES in src/notifications/webhook-events.ts repeats them).
ALTER TABLE "webhook_endpoint" ADD CONSTRAINT "webhook_endpoint_event_types_known" CHECK (
  "event_types" IS NOT NULL AND cardinality("event_types") > 0
  AND "event_types" <@ ARRAY['reminder.opened', 'commitment.status_changed', 'assessment.recorded',
    'evidence.linked']::text[]);

-- Paused exactly when it says why.
ALTER TABLE "webhook_endpoint" ADD CONSTRAINT "webhook_endpoint_paused_with_reason"
  CHECK (("paused_at" IS NULL) = ("pause_reason" IS NULL));

ALTER TABLE "webhook_endpoint" ADD CONSTRAINT "webhook_endpoint_url_shape"
  CHECK ("url" ~ '^https?://' AND length("url") <= 2000);

-- The subscribable types, and the test event an admin sends to one endpoint.
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_type_known" CHECK ("type" IN
  ('reminder.opened', 'commitment.status_changed', 'assessment.recorded', 'evidence.linked',
   'webhook.test'));

-- Finished (DELIVERED or FAILED) exactly when it has the time it finished.
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_finished_at_iff_finished"
  CHECK (("state" = 'PENDING') = ("finished_at" IS NULL));

-- What the dispatch job claims: the pending deliveries by when they are due.
CREATE INDEX "webhook_delivery_pending_due_idx" ON "webhook_delivery" ("next_attempt_at", "id")
  WHERE "state" = 'PENDING';
