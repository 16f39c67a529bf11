import { toIsoDate } from '../common/dates.js';
import { DEFAULT_LANGUAGE, type Language } from '../common/languages.js';
import { isStale } from './commitment-rules.js';
import type { CommitmentRow, CommitmentDetailRow, TranslatedNames } from './commitment-row.js';
import type { CommitmentDetailDto, CommitmentDto } from './dto/commitment.dto.js';

/** A name in the language, else its original (English), with the language it is in. */
export function nameIn(
  original: string,
  names: TranslatedNames,
  language: Language,
): { text: string; language: Language } {
  const translated = names?.[language];
  return translated ? { text: translated, language } : { text: original, language: 'en' };
}

function eventIn(event: CommitmentRow['event'], language: Language) {
  const title = nameIn(event.title, event.titles, language);
  return {
    slug: event.slug,
    title: title.text,
    language: title.language,
    heldOn: toIsoDate(event.heldOn),
  };
}

/**
 * A commitment as the API shows it in a language: its title and summary in that language where
 * a translation has them, else the original's; the quote always as reported, its translation
 * beside it; the original always under `original`.
 */
export function toCommitmentDto(
  row: CommitmentRow,
  language: Language = DEFAULT_LANGUAGE,
): CommitmentDto {
  const translation =
    language === row.language ? undefined : row.translations.find((t) => t.language === language);
  return {
    id: row.id,
    slug: row.slug,
    title: translation?.title ?? row.title,
    summary: translation?.summary ?? row.summary,
    quote: row.quote,
    language: translation ? language : row.language,
    quoteTranslation: translation?.quote ?? null,
    translation: translation
      ? { language, translator: translation.translator, official: translation.official }
      : null,
    original: { language: row.language, title: row.title, summary: row.summary },
    status: row.status,
    progress: row.progress,
    stale: isStale(row),
    staleSince: row.staleSince?.toISOString() ?? null,
    lastReviewedAt: row.lastReviewedAt?.toISOString() ?? null,
    madeOn: toIsoDate(row.madeOn),
    targetDate: toIsoDate(row.targetDate),
    reviewIntervalDays: row.reviewIntervalDays,
    version: row.version,
    event: eventIn(row.event, language),
    parties: row.parties.map(({ role, party }) => ({ ...party, role })),
    themes: row.themes.map(({ theme }) => {
      const name = nameIn(theme.name, theme.names, language);
      return { slug: theme.slug, name: name.text, language: name.language };
    }),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toCommitmentDetailDto(
  row: CommitmentDetailRow,
  language: Language = DEFAULT_LANGUAGE,
): CommitmentDetailDto {
  return {
    ...toCommitmentDto(row, language),
    updatesCount: row._count.statusUpdates,
    evidenceCount: row._count.evidenceLinks,
    earlier: row.earlier,
    later: row.later,
    translations: row.translations,
  };
}
