/** A calendar date (PostgreSQL `date`) as `YYYY-MM-DD`. */
export function toIsoDate(date: Date): string;
export function toIsoDate(date: Date | null): string | null;
export function toIsoDate(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

/** Parses `YYYY-MM-DD` into the UTC midnight Prisma uses for `date` columns. */
export function fromIsoDate(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}
