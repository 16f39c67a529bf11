import type { Prisma } from '../../generated/prisma/client.js';
import { ReminderKind, ReminderState } from '../../generated/prisma/enums.js';

/**
 * Closes a commitment's open reminders (all of them, or only the given kinds) inside the caller's
 * transaction: a review clears REVIEW_DUE; a terminal status or archiving clears everything.
 */
export async function cancelOpenReminders(
  tx: Prisma.TransactionClient,
  commitmentId: string,
  kinds?: ReminderKind[],
): Promise<void> {
  await tx.reminder.updateMany({
    where: { commitmentId, state: ReminderState.OPEN, ...(kinds && { kind: { in: kinds } }) },
    data: { state: ReminderState.CANCELLED, closedAt: new Date() },
  });
}

export const REVIEW_REMINDERS = [ReminderKind.REVIEW_DUE];
