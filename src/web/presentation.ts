import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../common/languages.js';
import { CommitmentStatus, EvidenceStance } from '../generated/prisma/enums.js';
import { en } from '../i18n/en.js';

/** Display order: from not begun to the two terminal outcomes. */
export const STATUS_ORDER: CommitmentStatus[] = [
  CommitmentStatus.NOT_STARTED,
  CommitmentStatus.IN_PROGRESS,
  CommitmentStatus.STALLED,
  CommitmentStatus.PARTIALLY_FULFILLED,
  CommitmentStatus.FULFILLED,
  CommitmentStatus.BROKEN,
];

/** The English labels (the website's catalogue: src/web/i18n/en.ts), for the workspace. */
export const STATUS_LABELS = Object.fromEntries(
  STATUS_ORDER.map((status) => [status, en.status[status]]),
) as Record<CommitmentStatus, string>;

export const STANCE_HEADINGS: Record<EvidenceStance, string> = en.stance;

/** CSS modifier of a status badge or chart bar, e.g. `partially-fulfilled`. */
export function statusClass(status: CommitmentStatus): string {
  return status.toLowerCase().replaceAll('_', '-');
}

/** Each locale's long date: British English, Korean, Chinese; in UTC, as the dates are stored. */
const LONG_DATES = new Map<Language, Intl.DateTimeFormat>(
  LANGUAGES.map((language) => [
    language,
    new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
      dateStyle: 'long',
      timeZone: 'UTC',
    }),
  ]),
);

/** `2021-12-23` or an ISO instant, as "23 December 2021" (2021년 12월 23일, 2021年12月23日). */
export function humanDate(isoDateOrInstant: string, language: Language = DEFAULT_LANGUAGE): string {
  return LONG_DATES.get(language)!.format(new Date(isoDateOrInstant));
}

export interface StatusBar {
  status: CommitmentStatus;
  label: string;
  cssClass: string;
  count: number;
  /** Bar length in percent of the chart's bar area, the longest bar being 100. */
  length: number;
}

/** The rows of a counts-per-status bar chart, in display order. */
export function statusBars(
  byStatus: Record<CommitmentStatus, number>,
  labels: Record<CommitmentStatus, string> = STATUS_LABELS,
): StatusBar[] {
  const largest = Math.max(1, ...Object.values(byStatus));
  return STATUS_ORDER.map((status) => ({
    status,
    label: labels[status],
    cssClass: statusClass(status),
    count: byStatus[status],
    length: Math.round((byStatus[status] / largest) * 100),
  }));
}
