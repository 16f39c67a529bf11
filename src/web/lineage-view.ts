import { diffWords } from 'diff';
import type { CommitmentDetailDto, LineageLinkDto } from '../commitments/dto/commitment.dto.js';

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

function shown(link: LineageLinkDto, diff: WordChange[] | null) {
  return { ...link, diff };
}

/** The commitment's lineage as its page shows it, each link with the diff of the two quotes. */
export function lineageOf(commitment: CommitmentDetailDto) {
  return {
    earlier: commitment.earlier.map((link) => shown(link, quoteDiff(link.quote, commitment.quote))),
    later: commitment.later.map((link) => shown(link, quoteDiff(commitment.quote, link.quote))),
  };
}
