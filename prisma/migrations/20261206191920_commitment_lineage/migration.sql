-- CreateEnum
CREATE TYPE "LineageKind" AS ENUM ('REAFFIRMS', 'SUPERSEDES', 'NARROWS');

-- CreateTable
CREATE TABLE "commitment_lineage" (
    "later_id" UUID NOT NULL,
    "earlier_id" UUID NOT NULL,
    "kind" "LineageKind" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commitment_lineage_pkey" PRIMARY KEY ("later_id","earlier_id")
);

-- CreateIndex
CREATE INDEX "commitment_lineage_earlier_id_idx" ON "commitment_lineage"("earlier_id");

-- AddForeignKey
ALTER TABLE "commitment_lineage" ADD CONSTRAINT "commitment_lineage_later_id_fkey" FOREIGN KEY ("later_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment_lineage" ADD CONSTRAINT "commitment_lineage_earlier_id_fkey" FOREIGN KEY ("earlier_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand: what Prisma's schema language cannot say.

-- A commitment cannot repeat itself; longer cycles are refused by the lineage service.
ALTER TABLE "commitment_lineage" ADD CONSTRAINT "commitment_lineage_not_self" CHECK ("later_id" <> "earlier_id");
