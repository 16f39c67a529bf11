import { ListCommitmentsQueryDto } from '../commitments/dto/list-commitments-query.dto.js';
import { createValidationPipe } from '../common/validation.js';

const FILTER_NAMES = ['status', 'theme', 'party', 'event', 'q'] as const;

/** The home page's GET form: every filtered view is a shareable URL. */
export type HomeFilters = Partial<Record<(typeof FILTER_NAMES)[number], string>>;

export interface HomeQuery {
  filters: HomeFilters;
  cursor?: string;
}

/** A form's empty field means "any". Parameters the page does not know are ignored. */
function field(query: Record<string, unknown>, name: string): string | undefined {
  const value: unknown = query[name];
  const text: unknown = Array.isArray(value) ? value.at(-1) : value;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

export function parseHomeQuery(query: Record<string, unknown>): HomeQuery {
  const filters: HomeFilters = {};
  for (const name of FILTER_NAMES) {
    const value = field(query, name);
    if (value !== undefined) filters[name] = value;
  }
  return { filters, cursor: field(query, 'cursor') };
}

/** The same validation as the JSON API's listing: a bad value is a 400. */
export async function toListQuery(home: HomeQuery): Promise<ListCommitmentsQueryDto> {
  return (await createValidationPipe().transform(
    { ...home.filters, ...(home.cursor && { cursor: home.cursor }) },
    { type: 'query', metatype: ListCommitmentsQueryDto },
  )) as ListCommitmentsQueryDto;
}

/** The filters as a query string, for pagination links and the CSV export. */
export function filtersQuery(filters: HomeFilters, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ ...filters, ...extra }).toString();
}
