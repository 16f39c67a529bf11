import type { Prisma } from '../generated/prisma/client.js';

/**
 * A commitment as the repositories read it, in one statement (COMMITMENT_COLUMNS): with its
 * event, its parties (role and party) and its themes.
 */
export type CommitmentRow = Prisma.CommitmentGetPayload<{
  include: {
    event: { select: { slug: true; title: true; heldOn: true } };
    parties: {
      select: {
        role: true;
        party: { select: { code: true; name: true; nameKo: true; nameZh: true } };
      };
    };
    themes: { select: { theme: { select: { slug: true; name: true } } } };
  };
}>;
export type CommitmentDetailRow = CommitmentRow & {
  _count: { statusUpdates: number; evidenceLinks: number };
};
export type SortableCommitmentRow = CommitmentRow & { sortKey?: unknown };
