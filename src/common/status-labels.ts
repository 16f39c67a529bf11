import type { CommitmentStatus } from '../generated/prisma/enums.js';

/** A status as plain words in feeds and mails (`PARTIALLY_FULFILLED` → `partially fulfilled`). */
export const humanStatus = (status: CommitmentStatus): string =>
  status.replaceAll('_', ' ').toLowerCase();
