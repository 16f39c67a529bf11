import { commitmentLink } from '../common/public-links.js';
import type { CommitmentDto } from './dto/commitment.dto.js';

/** How a list (parties, themes) is written in one cell. */
export const LIST_SEPARATOR = '; ';

const partyCodes = (commitment: CommitmentDto, role: string): string =>
  commitment.parties
    .filter((party) => party.role === role)
    .map((party) => party.code)
    .join(LIST_SEPARATOR);

/** The spreadsheet columns, in order. Lists are joined with "; ". */
export function csvColumns(
  baseUrl: string,
): Record<string, (commitment: CommitmentDto) => unknown> {
  return {
    id: (c) => c.id,
    slug: (c) => c.slug,
    title: (c) => c.title,
    status: (c) => c.status,
    progress: (c) => c.progress,
    stale: (c) => c.stale,
    staleSince: (c) => c.staleSince,
    lastReviewedAt: (c) => c.lastReviewedAt,
    madeOn: (c) => c.madeOn,
    targetDate: (c) => c.targetDate,
    event: (c) => c.event.slug,
    eventTitle: (c) => c.event.title,
    pledgingParties: (c) => partyCodes(c, 'PLEDGING'),
    counterpartParties: (c) => partyCodes(c, 'COUNTERPART'),
    themes: (c) => c.themes.map((theme) => theme.slug).join(LIST_SEPARATOR),
    summary: (c) => c.summary,
    quote: (c) => c.quote,
    // The language title and summary are in: the export's (`?lang=`) where translated.
    language: (c) => c.language,
    version: (c) => c.version,
    updatedAt: (c) => c.updatedAt,
    url: (c) => commitmentLink(baseUrl, c.slug),
  };
}

/** The columns of the CSV export, in order: what an import reads. */
export const CSV_COLUMN_NAMES = Object.keys(csvColumns(''));
