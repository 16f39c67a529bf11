/** A calendar date (PostgreSQL `date`) as `YYYY-MM-DD`. */
export function toIsoDate(date: Date): string;
export function toIsoDate(date: Date | null): string | null;
export function toIsoDate(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

/**
 * An instant as `toISOString()` writes it (the form cursors carry), in a year PostgreSQL has:
 * it has no year 0 (1 BC comes before AD 1), which JavaScript's dates have.
 */
export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) &&
  !Number.isNaN(Date.parse(value));

/** Parses `YYYY-MM-DD` into the UTC midnight Prisma uses for `date` columns. */
export function fromIsoDate(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}
