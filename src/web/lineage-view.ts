import { diffWords } from 'diff';
import type { CommitmentDetailDto, LineageLinkDto } from '../commitments/dto/commitment.dto.js';
import type { LineageKind } from '../generated/prisma/enums.js';

/** How the page names a link, read from the commitment shown: "Supersedes …", "Superseded by …". */
const EARLIER_LABELS: Record<LineageKind, string> = {
  REAFFIRMS: 'Reaffirms',
  SUPERSEDES: 'Supersedes',
  NARROWS: 'Narrows',
};
const LATER_LABELS: Record<LineageKind, string> = {
  REAFFIRMS: 'Reaffirmed by',
  SUPERSEDES: 'Superseded by',
  NARROWS: 'Narrowed by',
};

/** One run of words of a quote diff: kept, or only in the earlier or only in the later quote. */
export interface WordChange {
  change: 'kept' | 'removed' | 'added';
  text: string;
}

/** The word-level difference from the earlier quote to the later one; null when one is missing. */
export function quoteDiff(earlier: string | null, later: string | null): WordChange[] | null {
  if (earlier === null || later === null) return null;
  return diffWords(earlier, later).map((part) => ({
    change: part.added ? 'added' : part.removed ? 'removed' : 'kept',
    text: part.value,
  }));
}

function shown(link: LineageLinkDto, label: string, diff: WordChange[] | null) {
  return { ...link, label, diff };
}

/** The commitment's lineage as its page shows it, each link with the diff of the two quotes. */
export function lineageOf(commitment: CommitmentDetailDto) {
  return {
    earlier: commitment.earlier.map((link) =>
      shown(link, EARLIER_LABELS[link.kind], quoteDiff(link.quote, commitment.quote)),
    ),
    later: commitment.later.map((link) =>
      shown(link, LATER_LABELS[link.kind], quoteDiff(commitment.quote, link.quote)),
    ),
  };
}
