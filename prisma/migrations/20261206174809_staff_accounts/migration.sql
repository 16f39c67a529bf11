-- AlterTable
ALTER TABLE "api_key" ADD COLUMN     "staff_user_id" UUID;

-- AlterTable
ALTER TABLE "audit_entry" ADD COLUMN     "staff_user_id" UUID;

-- AlterTable
ALTER TABLE "idempotency_record" DROP CONSTRAINT "idempotency_record_pkey",
ADD COLUMN     "id" BIGSERIAL NOT NULL,
ADD COLUMN     "staff_user_id" UUID,
ALTER COLUMN "api_key_id" DROP NOT NULL,
ADD CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("id");

-- CreateTable
CREATE TABLE "staff_user" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "role" "ApiKeyRole" NOT NULL,
    "disabled_at" TIMESTAMPTZ(3),
    "password_hash" TEXT,
    "password_changed_at" TIMESTAMPTZ(3),
    "invitation_token_hash" CHAR(64),
    "invitation_expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_session" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "token_hash" CHAR(64) NOT NULL,
    "staff_user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "address" TEXT,
    "user_agent" TEXT,

    CONSTRAINT "staff_session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "staff_user_invitation_token_hash_key" ON "staff_user"("invitation_token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "staff_session_token_hash_key" ON "staff_session"("token_hash");

-- CreateIndex
CREATE INDEX "staff_session_staff_user_id_created_at_idx" ON "staff_session"("staff_user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "staff_session_expires_at_idx" ON "staff_session"("expires_at");

-- CreateIndex
CREATE INDEX "api_key_staff_user_id_idx" ON "api_key"("staff_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "idempotency_record_api_key_id_key_key" ON "idempotency_record"("api_key_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "idempotency_record_staff_user_id_key_key" ON "idempotency_record"("staff_user_id", "key");

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_session" ADD CONSTRAINT "staff_session_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_record" ADD CONSTRAINT "idempotency_record_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand: what Prisma's schema language cannot say.

-- One account per address whatever its case.
CREATE UNIQUE INDEX "staff_user_email_lower_key" ON "staff_user" (lower("email"));

ALTER TABLE "staff_user"
  ADD CONSTRAINT "staff_user_email_shape" CHECK ("email" ~ '^[^@\s]+@[^@\s]+$'),
  ADD CONSTRAINT "staff_user_display_name_not_blank" CHECK (btrim("display_name") <> ''),
  ADD CONSTRAINT "staff_user_invitation_whole"
    CHECK (("invitation_token_hash" IS NULL) = ("invitation_expires_at" IS NULL));

ALTER TABLE "staff_session"
  ADD CONSTRAINT "staff_session_expires_after_creation" CHECK ("expires_at" > "created_at");

-- A record belongs to an API key (Idempotency-Key) or to a person (a workspace form token).
ALTER TABLE "idempotency_record"
  ADD CONSTRAINT "idempotency_record_one_owner" CHECK (num_nonnulls("api_key_id", "staff_user_id") = 1);
