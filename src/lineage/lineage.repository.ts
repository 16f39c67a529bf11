import { Injectable } from '@nestjs/common';
import { idOrSlugCondition } from '../commitments/commitment-filters.js';
import { Sql } from '../database/sql.js';
import { Prisma, type CommitmentLineage } from '../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

/** Links between a later commitment and an earlier one it reaffirms, supersedes or narrows. */
@Injectable()
export class LineageRepository {
  constructor(private readonly sql: Sql) {}

  /** The id of the live commitment an id or slug names, or null. */
  async liveId(tx: Tx, idOrSlug: string): Promise<string | null> {
    const condition = idOrSlugCondition(idOrSlug);
    if (!condition) return null;
    const row = await this.sql.row<{ id: string } | undefined>(
      Prisma.sql`SELECT c.id FROM commitment c WHERE ${condition} AND c.archived = false`,
      tx,
    );
    return row?.id ?? null;
  }

  /**
   * Until the transaction ends, no other lineage write runs: two links added at once could
   * each pass the cycle check and together close a cycle.
   */
  async lockLinks(tx: Tx): Promise<void> {
    await this.sql.rows(
      Prisma.sql`SELECT true AS locked FROM pg_advisory_xact_lock(hashtext('commitment_lineage'))`,
      tx,
    );
  }

  /** Whether `descendant` is `ancestor` or repeats it through later links (any distance). */
  async repeats(tx: Tx, descendant: string, ancestor: string): Promise<boolean> {
    const row = await this.sql.row<{ found: boolean }>(
      Prisma.sql`WITH RECURSIVE earlier (id) AS (
          SELECT ${descendant}::uuid
          UNION SELECT l.earlier_id FROM commitment_lineage l JOIN earlier ON l.later_id = earlier.id)
        SELECT EXISTS (SELECT 1 FROM earlier WHERE id = ${ancestor}::uuid) AS found`,
      tx,
    );
    return row.found;
  }

  link(tx: Tx, data: Prisma.CommitmentLineageUncheckedCreateInput): Promise<CommitmentLineage> {
    return tx.commitmentLineage.create({ data });
  }

  /** The removed link, or null when there was none. */
  async unlink(tx: Tx, laterId: string, earlierId: string): Promise<CommitmentLineage | null> {
    const key = { laterId_earlierId: { laterId, earlierId } };
    const link = await tx.commitmentLineage.findUnique({ where: key });
    if (link) await tx.commitmentLineage.delete({ where: key });
    return link;
  }
}
