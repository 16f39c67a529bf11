import { CommitmentStatus } from '../generated/prisma/enums.js';
import { ProblemException } from '../common/problem-details.js';

/** The home page's GET form: every filtered view is a shareable URL. */
export interface HomeFilters {
  status?: CommitmentStatus;
  theme?: string;
  party?: string;
  event?: string;
  q?: string;
}

const FILTER_NAMES = ['status', 'theme', 'party', 'event', 'q'] as const;
const MAX_FILTER_LENGTH = 200;

/** A form's empty field means "any": it is dropped, as is every parameter the page ignores. */
function field(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  const text = (Array.isArray(value) ? value.at(-1) : value) as unknown;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  if (text.length > MAX_FILTER_LENGTH) {
    throw new ProblemException(400, `${name}: at most ${MAX_FILTER_LENGTH} characters`);
  }
  return text.trim();
}

export function parseHomeFilters(query: Record<string, unknown>): HomeFilters {
  const filters: HomeFilters = {};
  for (const name of FILTER_NAMES) {
    const value = field(query, name);
    if (value !== undefined) (filters as Record<string, string>)[name] = value;
  }
  if (filters.status && !(filters.status in CommitmentStatus)) {
    throw new ProblemException(400, `status: "${filters.status}" is not a status`);
  }
  return filters;
}

export function parseCursor(query: Record<string, unknown>): string | undefined {
  return field(query, 'cursor');
}

/** The filters as a query string, for pagination links and the CSV export. */
export function filtersQuery(filters: HomeFilters, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ ...filters, ...extra } as Record<string, string>).toString();
}
