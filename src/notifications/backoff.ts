import type { AttemptOutcome } from './notifications.repository.js';

/**
 * Delay before the next delivery attempt: exponential (base · 2^(attempt-1), capped at max) with
 * "equal jitter" (half fixed, half random), so instances retrying together spread out.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** Extra time a claimed row stays invisible to other instances beyond the webhook timeout. */
const CLAIM_MARGIN_MS = 60_000;

/** Until when a claimed delivery is left to the instance sending it. */
export const claimLeaseUntil = (now: Date, timeoutMs: number): Date =>
  new Date(now.getTime() + timeoutMs + CLAIM_MARGIN_MS);

/** What the retry settings say: NOTIFICATION_MAX_ATTEMPTS and the backoff's base and maximum. */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/**
 * A delivery's state after its `attemptCount`-th attempt: DELIVERED, PENDING again after a
 * backoff, or FAILED once the attempts are spent.
 */
export function attemptOutcome(
  attemptCount: number,
  succeeded: boolean,
  now: Date,
  policy: RetryPolicy,
): AttemptOutcome {
  if (succeeded) return { state: 'DELIVERED', at: now };
  if (attemptCount >= policy.maxAttempts) return { state: 'FAILED', at: now };
  const delay = retryDelayMs(attemptCount, policy.baseMs, policy.maxMs);
  return { state: 'PENDING', at: now, retryAt: new Date(now.getTime() + delay) };
}
