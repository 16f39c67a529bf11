import type { Language } from '../common/languages.js';
import type { Commitment } from '../generated/prisma/client.js';
import type { LineageKind, PartyRole } from '../generated/prisma/enums.js';

/** A name's translations by language (null: none); the original is English. */
export type TranslatedNames = Partial<Record<Language, string>> | null;

/** One translation of a commitment's text, with who made it. */
export interface CommitmentTranslationJson {
  language: Language;
  title: string;
  summary: string | null;
  quote: string | null;
  translator: string;
  official: boolean;
}

/**
 * A commitment as the repositories read it, in one statement (COMMITMENT_COLUMNS): with its
 * event, its parties (role and party) and its themes, each with its translations, and its own.
 */
export type CommitmentRow = Omit<Commitment, 'language'> & {
  language: Language;
  event: { slug: string; title: string; heldOn: Date; titles: TranslatedNames };
  parties: {
    role: PartyRole;
    party: { code: string; name: string; nameKo: string | null; nameZh: string | null };
  }[];
  themes: { theme: { slug: string; name: string; names: TranslatedNames } }[];
  translations: CommitmentTranslationJson[];
};
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
  language: Language;
  quote: string | null;
  madeOn: string;
  event: { slug: string; title: string };
}
