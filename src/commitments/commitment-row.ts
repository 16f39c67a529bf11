import type { Prisma } from '../generated/prisma/client.js';

/** The relations a commitment is read with: its event, parties (by role, code) and themes. */
const COMMITMENT_INCLUDE = {
  event: { select: { slug: true, title: true, heldOn: true } },
  parties: {
    select: {
      role: true,
      party: { select: { code: true, name: true, nameKo: true, nameZh: true } },
    },
    orderBy: [{ role: 'asc' }, { party: { code: 'asc' } }],
  },
  themes: {
    select: { theme: { select: { slug: true, name: true } } },
    orderBy: { theme: { slug: 'asc' } },
  },
} satisfies Prisma.CommitmentInclude;

/** A commitment as the repositories read it (one statement: COMMITMENT_COLUMNS). */
export type CommitmentRow = Prisma.CommitmentGetPayload<{ include: typeof COMMITMENT_INCLUDE }>;
export type CommitmentDetailRow = CommitmentRow & {
  _count: { statusUpdates: number; evidenceLinks: number };
};
export type SortableCommitmentRow = CommitmentRow & { sortKey?: unknown };
