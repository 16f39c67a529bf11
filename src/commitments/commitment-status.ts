import { CommitmentStatus } from '../generated/prisma/enums.js';

/** A terminal commitment is never stale and gets no reminders. */
export const TERMINAL_STATUSES: readonly CommitmentStatus[] = [
  CommitmentStatus.FULFILLED,
  CommitmentStatus.BROKEN,
];

export function isTerminal(status: CommitmentStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
