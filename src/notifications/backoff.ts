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
