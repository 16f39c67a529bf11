import { CommitmentStatus, EvidenceStance } from '../generated/prisma/enums.js';

/** Display order: from not begun to the two terminal outcomes. */
export const STATUS_ORDER: CommitmentStatus[] = [
  CommitmentStatus.NOT_STARTED,
  CommitmentStatus.IN_PROGRESS,
  CommitmentStatus.STALLED,
  CommitmentStatus.PARTIALLY_FULFILLED,
  CommitmentStatus.FULFILLED,
  CommitmentStatus.BROKEN,
];

export const STATUS_LABELS: Record<CommitmentStatus, string> = {
  NOT_STARTED: 'Not started',
  IN_PROGRESS: 'In progress',
  STALLED: 'Stalled',
  PARTIALLY_FULFILLED: 'Partially fulfilled',
  FULFILLED: 'Fulfilled',
  BROKEN: 'Broken',
};

export const STANCE_HEADINGS: Record<EvidenceStance, string> = {
  SUPPORTS: 'Supports progress',
  CONTRADICTS: 'Contradicts progress',
  CONTEXT: 'Context',
};

/** CSS modifier of a status badge or chart bar, e.g. `partially-fulfilled`. */
export function statusClass(status: CommitmentStatus): string {
  return status.toLowerCase().replaceAll('_', '-');
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** `2021-12-23` or an ISO instant, as "23 December 2021". */
export function humanDate(isoDateOrInstant: string): string {
  return LONG_DATE.format(new Date(isoDateOrInstant));
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
export function statusBars(byStatus: Record<CommitmentStatus, number>): StatusBar[] {
  const largest = Math.max(1, ...Object.values(byStatus));
  return STATUS_ORDER.map((status) => ({
    status,
    label: STATUS_LABELS[status],
    cssClass: statusClass(status),
    count: byStatus[status],
    length: Math.round((byStatus[status] / largest) * 100),
  }));
}
