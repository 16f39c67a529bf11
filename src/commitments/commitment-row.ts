import type { Prisma } from '../generated/prisma/client.js';
import type { LineageKind } from '../generated/prisma/enums.js';

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
  earlier: LineageLinkJson[];
  later: LineageLinkJson[];
};
export type SortableCommitmentRow = CommitmentRow & { sortKey?: unknown };

/** The other commitment of a lineage link, as JSON, with how the later one stands to it. */
export interface LineageLinkJson {
  kind: LineageKind;
  id: string;
  slug: string;
  title: string;
  quote: string | null;
  madeOn: string;
  event: { slug: string; title: string };
}
