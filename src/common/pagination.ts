import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { isInstant } from './dates.js';
import { ProblemException } from './problem-details.js';
import { UUID_PATTERN } from './identifiers.js';
import { QueryInteger } from './query-params.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export class PageQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
  })
  @IsOptional()
  @QueryInteger()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({
    description: 'Opaque cursor from `page.nextCursor` of the previous page.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

/** The `page` of every paged answer. */
export class PageInfoDto {
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty() limit!: number;
}

export interface Page<T> {
  data: T[];
  page: { nextCursor: string | null; limit: number };
}

/** A keyset position: the sort values of the last row of a page, tie-broken by id. */
export type CursorValues = (string | number | null)[];

export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, expectedLength: number): CursorValues {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === expectedLength &&
      values.every((value) => value === null || ['string', 'number'].includes(typeof value))
    ) {
      return values as CursorValues;
    }
  } catch {
    // fall through to the 400 below
  }
  throw malformedCursor();
}

/** A position in a listing ordered by an instant, tie-broken by a UUID id. */
export interface InstantKeyset {
  at: string;
  id: string;
}

/** The keyset of the timeline, the reminders and the job runs: `[instant, uuid]`. */
export function decodeInstantKeyset(cursor: string): InstantKeyset {
  const [at, id] = decodeCursor(cursor, 2);
  if (isInstant(at) && typeof id === 'string' && UUID_PATTERN.test(id)) return { at, id };
  throw malformedCursor();
}

/** The 400 for a cursor that was tampered with or comes from another listing or sort. */
export function malformedCursor(): ProblemException {
  return new ProblemException(400, 'cursor: malformed or from another listing', {
    errors: [{ field: 'cursor', messages: ['malformed cursor'] }],
  });
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells that another page exists.
 */
export function toPage<Row, T>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => CursorValues,
  map: (row: Row) => T,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    data: pageRows.map(map),
    page: { nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null, limit },
  };
}
