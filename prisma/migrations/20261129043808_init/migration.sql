-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CommitmentStatus" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'STALLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'BROKEN');

-- CreateEnum
CREATE TYPE "PartyRole" AS ENUM ('PLEDGING', 'COUNTERPART');

-- CreateEnum
CREATE TYPE "EvidenceStance" AS ENUM ('SUPPORTS', 'CONTRADICTS', 'CONTEXT');

-- CreateEnum
CREATE TYPE "ReminderKind" AS ENUM ('REVIEW_DUE', 'DEADLINE_APPROACHING', 'DEADLINE_PASSED', 'CUSTOM');

-- CreateEnum
CREATE TYPE "ReminderState" AS ENUM ('OPEN', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "NotificationState" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('editor', 'admin');

-- CreateEnum
CREATE TYPE "JobTrigger" AS ENUM ('SCHEDULE', 'CLI', 'API');

-- CreateEnum
CREATE TYPE "JobOutcome" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "IdempotencyState" AS ENUM ('IN_PROGRESS', 'COMPLETED');

-- CreateTable
CREATE TABLE "party" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" VARCHAR(16) NOT NULL,
    "name" TEXT NOT NULL,
    "name_ko" TEXT,
    "name_zh" TEXT,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "party_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" VARCHAR(120) NOT NULL,
    "title" TEXT NOT NULL,
    "held_on" DATE NOT NULL,
    "format" TEXT,
    "location" TEXT,
    "participants" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "source_url" TEXT,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "theme" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" VARCHAR(120) NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "theme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commitment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" VARCHAR(120) NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "quote" TEXT,
    "event_id" UUID NOT NULL,
    "made_on" DATE NOT NULL,
    "target_date" DATE,
    "review_interval_days" INTEGER,
    "status" "CommitmentStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "progress" INTEGER,
    "last_reviewed_at" TIMESTAMPTZ(3),
    "stale_since" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "search_vector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce("summary", '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, coalesce("quote", '')), 'C')
    ) STORED,

    CONSTRAINT "commitment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commitment_party" (
    "commitment_id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "role" "PartyRole" NOT NULL DEFAULT 'PLEDGING',

    CONSTRAINT "commitment_party_pkey" PRIMARY KEY ("commitment_id","party_id")
);

-- CreateTable
CREATE TABLE "commitment_theme" (
    "commitment_id" UUID NOT NULL,
    "theme_id" UUID NOT NULL,

    CONSTRAINT "commitment_theme_pkey" PRIMARY KEY ("commitment_id","theme_id")
);

-- CreateTable
CREATE TABLE "status_update" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "commitment_id" UUID NOT NULL,
    "from_status" "CommitmentStatus" NOT NULL,
    "to_status" "CommitmentStatus" NOT NULL,
    "progress" INTEGER,
    "note" TEXT NOT NULL,
    "effective_on" DATE NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "api_key_id" UUID,

    CONSTRAINT "status_update_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "commitment_id" UUID NOT NULL,
    "note" TEXT NOT NULL,
    "reviewed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "api_key_id" UUID,

    CONSTRAINT "review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "url" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "publisher" TEXT,
    "author" TEXT,
    "published_on" DATE,
    "language" VARCHAR(35),
    "excerpt" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commitment_evidence" (
    "commitment_id" UUID NOT NULL,
    "evidence_id" UUID NOT NULL,
    "stance" "EvidenceStance" NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commitment_evidence_pkey" PRIMARY KEY ("commitment_id","evidence_id")
);

-- CreateTable
CREATE TABLE "status_update_evidence" (
    "status_update_id" UUID NOT NULL,
    "evidence_id" UUID NOT NULL,

    CONSTRAINT "status_update_evidence_pkey" PRIMARY KEY ("status_update_id","evidence_id")
);

-- CreateTable
CREATE TABLE "reminder" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "commitment_id" UUID NOT NULL,
    "kind" "ReminderKind" NOT NULL,
    "state" "ReminderState" NOT NULL DEFAULT 'OPEN',
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT,
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "reminder_id" UUID NOT NULL,
    "state" "NotificationState" NOT NULL DEFAULT 'PENDING',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_attempt" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "notification_id" UUID NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "channel" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "http_status" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,

    CONSTRAINT "notification_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "role" "ApiKeyRole" NOT NULL,
    "key_hash" CHAR(64) NOT NULL,
    "key_prefix" VARCHAR(16) NOT NULL,
    "calendar_token_hash" CHAR(64),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "api_key_id" UUID,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_run" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "trigger" "JobTrigger" NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" "JobOutcome" NOT NULL DEFAULT 'RUNNING',
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,

    CONSTRAINT "job_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_record" (
    "api_key_id" UUID NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "state" "IdempotencyState" NOT NULL DEFAULT 'IN_PROGRESS',
    "response_status" INTEGER,
    "response_body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("api_key_id","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "party_code_key" ON "party"("code");

-- CreateIndex
CREATE UNIQUE INDEX "event_slug_key" ON "event"("slug");

-- CreateIndex
CREATE INDEX "event_held_on_idx" ON "event"("held_on");

-- CreateIndex
CREATE UNIQUE INDEX "theme_slug_key" ON "theme"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "commitment_slug_key" ON "commitment"("slug");

-- CreateIndex
CREATE INDEX "commitment_event_id_idx" ON "commitment"("event_id");

-- CreateIndex
CREATE INDEX "commitment_archived_status_idx" ON "commitment"("archived", "status");

-- CreateIndex
CREATE INDEX "commitment_archived_updated_at_id_idx" ON "commitment"("archived", "updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "commitment_archived_target_date_id_idx" ON "commitment"("archived", "target_date", "id");

-- CreateIndex
CREATE INDEX "commitment_archived_made_on_id_idx" ON "commitment"("archived", "made_on", "id");

-- CreateIndex
CREATE INDEX "commitment_archived_title_id_idx" ON "commitment"("archived", "title", "id");

-- CreateIndex
CREATE INDEX "commitment_stale_since_idx" ON "commitment"("stale_since");

-- CreateIndex
CREATE INDEX "commitment_search_vector_idx" ON "commitment" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "commitment_party_party_id_idx" ON "commitment_party"("party_id");

-- CreateIndex
CREATE INDEX "commitment_theme_theme_id_idx" ON "commitment_theme"("theme_id");

-- CreateIndex
CREATE INDEX "status_update_commitment_id_recorded_at_id_idx" ON "status_update"("commitment_id", "recorded_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "status_update_recorded_at_id_idx" ON "status_update"("recorded_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "review_commitment_id_reviewed_at_idx" ON "review"("commitment_id", "reviewed_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "evidence_url_key" ON "evidence"("url");

-- CreateIndex
CREATE INDEX "commitment_evidence_evidence_id_idx" ON "commitment_evidence"("evidence_id");

-- CreateIndex
CREATE INDEX "status_update_evidence_evidence_id_idx" ON "status_update_evidence"("evidence_id");

-- CreateIndex
CREATE INDEX "reminder_commitment_id_state_idx" ON "reminder"("commitment_id", "state");

-- CreateIndex
CREATE INDEX "reminder_state_due_at_idx" ON "reminder"("state", "due_at");

-- CreateIndex
CREATE INDEX "reminder_kind_state_idx" ON "reminder"("kind", "state");

-- CreateIndex
CREATE INDEX "notification_state_next_attempt_at_idx" ON "notification"("state", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notification_reminder_id_idx" ON "notification"("reminder_id");

-- CreateIndex
CREATE INDEX "notification_attempt_notification_id_attempted_at_idx" ON "notification_attempt"("notification_id", "attempted_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_calendar_token_hash_key" ON "api_key"("calendar_token_hash");

-- CreateIndex
CREATE INDEX "audit_entry_entity_type_entity_id_id_idx" ON "audit_entry"("entity_type", "entity_id", "id");

-- CreateIndex
CREATE INDEX "audit_entry_actor_id_idx" ON "audit_entry"("actor", "id");

-- CreateIndex
CREATE INDEX "audit_entry_at_idx" ON "audit_entry"("at");

-- CreateIndex
CREATE INDEX "job_run_name_started_at_idx" ON "job_run"("name", "started_at" DESC);

-- CreateIndex
CREATE INDEX "job_run_started_at_id_idx" ON "job_run"("started_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "idempotency_record_expires_at_idx" ON "idempotency_record"("expires_at");

-- AddForeignKey
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment_party" ADD CONSTRAINT "commitment_party_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment_party" ADD CONSTRAINT "commitment_party_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment_theme" ADD CONSTRAINT "commitment_theme_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment_theme" ADD CONSTRAINT "commitment_theme_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review" ADD CONSTRAINT "review_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review" ADD CONSTRAINT "review_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment_evidence" ADD CONSTRAINT "commitment_evidence_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment_evidence" ADD CONSTRAINT "commitment_evidence_evidence_id_fkey" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_update_evidence" ADD CONSTRAINT "status_update_evidence_status_update_id_fkey" FOREIGN KEY ("status_update_id") REFERENCES "status_update"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_update_evidence" ADD CONSTRAINT "status_update_evidence_evidence_id_fkey" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reminder" ADD CONSTRAINT "reminder_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_reminder_id_fkey" FOREIGN KEY ("reminder_id") REFERENCES "reminder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_attempt" ADD CONSTRAINT "notification_attempt_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_record" ADD CONSTRAINT "idempotency_record_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data rules that Prisma's schema language cannot express (written by hand).

-- Slugs and codes have one spelling, so URLs built from them are stable.
ALTER TABLE "party" ADD CONSTRAINT "party_code_format" CHECK ("code" ~ '^[A-Z][A-Z0-9-]{1,15}$');
ALTER TABLE "event" ADD CONSTRAINT "event_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
ALTER TABLE "theme" ADD CONSTRAINT "theme_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_slug_format" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');

ALTER TABLE "commitment" ADD CONSTRAINT "commitment_progress_range" CHECK ("progress" BETWEEN 0 AND 100);
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_review_interval_positive" CHECK ("review_interval_days" > 0);
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_version_positive" CHECK ("version" >= 1);
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_target_after_made" CHECK ("target_date" >= "made_on");
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_progress_range" CHECK ("progress" BETWEEN 0 AND 100);
ALTER TABLE "status_update" ADD CONSTRAINT "status_update_note_present" CHECK (length(btrim("note")) > 0);
ALTER TABLE "review" ADD CONSTRAINT "review_note_present" CHECK (length(btrim("note")) > 0);

-- A reminder is closed exactly when it is no longer open.
ALTER TABLE "reminder" ADD CONSTRAINT "reminder_closed_when_not_open" CHECK (("state" = 'OPEN') = ("closed_at" IS NULL));
-- At most one open reminder per commitment and kind.
CREATE UNIQUE INDEX "reminder_one_open_per_kind" ON "reminder" ("commitment_id", "kind") WHERE "state" = 'OPEN';

ALTER TABLE "notification" ADD CONSTRAINT "notification_attempt_count_nonnegative" CHECK ("attempt_count" >= 0);

-- Status updates and reviews are append-only: a mistake is corrected by a new entry.
CREATE FUNCTION "forbid_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "status_update_append_only" BEFORE UPDATE OR DELETE ON "status_update"
  FOR EACH ROW EXECUTE FUNCTION "forbid_change"();
CREATE TRIGGER "review_append_only" BEFORE UPDATE OR DELETE ON "review"
  FOR EACH ROW EXECUTE FUNCTION "forbid_change"();
CREATE TRIGGER "status_update_evidence_append_only" BEFORE UPDATE OR DELETE ON "status_update_evidence"
  FOR EACH ROW EXECUTE FUNCTION "forbid_change"();
