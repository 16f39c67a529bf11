-- CreateEnum
CREATE TYPE "AssessmentKind" AS ENUM ('INTERIM', 'FINAL');

-- CreateTable
CREATE TABLE "assessment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "commitment_id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "score" SMALLINT NOT NULL,
    "rationale" TEXT NOT NULL,
    "kind" "AssessmentKind",
    "assessed_on" DATE NOT NULL,
    "methodology_version" VARCHAR(16) NOT NULL,
    "actor" TEXT NOT NULL,
    "api_key_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assessment_evidence" (
    "assessment_id" UUID NOT NULL,
    "evidence_id" UUID NOT NULL,

    CONSTRAINT "assessment_evidence_pkey" PRIMARY KEY ("assessment_id","evidence_id")
);

-- CreateIndex
CREATE INDEX "assessment_commitment_id_created_at_id_idx" ON "assessment"("commitment_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "assessment_commitment_id_party_id_created_at_id_idx" ON "assessment"("commitment_id", "party_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "assessment_party_id_idx" ON "assessment"("party_id");

-- CreateIndex
CREATE INDEX "assessment_evidence_evidence_id_idx" ON "assessment_evidence"("evidence_id");

-- AddForeignKey
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_evidence" ADD CONSTRAINT "assessment_evidence_evidence_id_fkey" FOREIGN KEY ("evidence_id") REFERENCES "evidence"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: what Prisma's schema language cannot say.

-- The G7/G20 Research Group scale: -1 no compliance, 0 partial, +1 full or nearly full.
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_score_scale" CHECK ("score" IN (-1, 0, 1));
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_rationale_not_blank" CHECK ("rationale" ~ '\S');
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_methodology_version_not_blank"
  CHECK ("methodology_version" ~ '\S');

-- A party is assessed only on a commitment it is party to, when the assessment is written. A
-- trigger rather than a foreign key to commitment_party: staff may later change a commitment's
-- parties, and the assessments made before stay in its history.
CREATE FUNCTION "assessment_party_of_commitment"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "commitment_party"
                 WHERE "commitment_id" = NEW."commitment_id" AND "party_id" = NEW."party_id") THEN
    RAISE EXCEPTION 'party % is not a party to commitment %', NEW."party_id", NEW."commitment_id"
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "assessment_party_of_commitment" BEFORE INSERT ON "assessment"
  FOR EACH ROW EXECUTE FUNCTION "assessment_party_of_commitment"();

-- Assessments are append-only: a changed judgement is a new assessment.
CREATE TRIGGER "assessment_append_only" BEFORE UPDATE OR DELETE ON "assessment"
  FOR EACH ROW EXECUTE FUNCTION "forbid_change"();
CREATE TRIGGER "assessment_evidence_append_only" BEFORE UPDATE OR DELETE ON "assessment_evidence"
  FOR EACH ROW EXECUTE FUNCTION "forbid_change"();
