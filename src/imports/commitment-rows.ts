import { parse } from 'csv-parse/sync';
import { CSV_COLUMN_NAMES, LIST_SEPARATOR } from '../commitments/commitment-csv.js';
import type { CommitmentDto } from '../commitments/dto/commitment.dto.js';
import type { CreateCommitmentDto } from '../commitments/writes/dto/commitment-write.dto.js';
import { PartyRole } from '../generated/prisma/enums.js';

/** What an import finds wrong: the file's line (the header is line 1) and its column. */
export interface ImportError {
  row: number;
  column: string | null;
  messages: string[];
}

/** One data row of the file, read into the body of a commitment write. */
export interface ImportRow {
  row: number;
  body: Record<string, unknown>;
}

/** The columns an import writes; the others of the export are the API's own (status, version…). */
export const WRITTEN_COLUMNS = [
  'slug',
  'title',
  'event',
  'madeOn',
  'targetDate',
  'pledgingParties',
  'counterpartParties',
  'themes',
  'summary',
  'quote',
] as const;

/** The export escapes a cell starting with = + - @ with a quote (no formula runs): undone here. */
const unescapeFormula = (cell: string): string => cell.replace(/^'(?=[=+\-@])/, '');

const list = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split(LIST_SEPARATOR.trim())
    .map((item) => item.trim())
    .filter(Boolean);

const orNull = (cell: string | undefined): string | null => (cell ? cell : null);

function bodyOf(cells: Record<string, string>): Record<string, unknown> {
  return {
    slug: cells.slug,
    title: cells.title,
    event: cells.event,
    madeOn: cells.madeOn,
    targetDate: orNull(cells.targetDate),
    parties: [
      ...list(cells.pledgingParties).map((code) => ({ code, role: PartyRole.PLEDGING })),
      ...list(cells.counterpartParties).map((code) => ({ code, role: PartyRole.COUNTERPART })),
    ],
    themes: list(cells.themes),
    summary: orNull(cells.summary),
    quote: orNull(cells.quote),
  };
}

function headerErrors(header: string[]): ImportError[] {
  const unknown = header.filter((name) => !CSV_COLUMN_NAMES.includes(name));
  const missing = WRITTEN_COLUMNS.filter((name) => !header.includes(name));
  return [
    ...unknown.map((column) => ({ row: 1, column, messages: ['unknown column'] })),
    ...missing.map((column) => ({ row: 1, column, messages: ['missing column'] })),
  ];
}

/** A body field's column in the file (parties come from two). */
export function columnOf(field: string): string {
  const top = field.split('.')[0];
  return top === 'parties' ? 'pledgingParties' : top;
}

/**
 * The rows of a CSV file with the export's columns, or the errors that make it unreadable (a
 * broken quote, a row of the wrong width, an unknown or missing column, a slug given twice).
 */
export function readCommitmentRows(text: string): { rows: ImportRow[]; errors: ImportError[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: false });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      rows: [],
      errors: [{ row: line, column: null, messages: [(error as Error).message] }],
    };
  }
  const [header = [], ...data] = records;
  const errors = headerErrors(header);
  if (errors.length > 0) return { rows: [], errors };
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  data.forEach((record, index) => {
    const row = index + 2;
    const cells = Object.fromEntries(header.map((name, i) => [name, unescapeFormula(record[i])]));
    const first = seen.get(cells.slug);
    if (first === undefined) {
      seen.set(cells.slug, row);
      rows.push({ row, body: bodyOf(cells) });
    } else {
      errors.push({ row, column: 'slug', messages: [`slug already on row ${first}`] });
    }
  });
  return { rows, errors };
}

const sortedParties = (parties: { code: string; role?: string }[]) =>
  parties.map((party) => `${party.role ?? PartyRole.PLEDGING}:${party.code}`).sort();

/** The fields of a valid row that differ from the commitment as it is. */
export function changedFields(body: CreateCommitmentDto, current: CommitmentDto): string[] {
  const now: Record<string, unknown> = {
    title: current.title,
    event: current.event.slug,
    madeOn: current.madeOn,
    targetDate: current.targetDate,
    parties: sortedParties(current.parties),
    themes: current.themes.map((theme) => theme.slug).sort(),
    summary: current.summary,
    quote: current.quote,
  };
  const wanted: Record<string, unknown> = {
    ...body,
    targetDate: body.targetDate ?? null,
    parties: sortedParties(body.parties),
    themes: [...body.themes].sort(),
    summary: body.summary ?? null,
    quote: body.quote ?? null,
  };
  return Object.keys(now).filter(
    (field) => JSON.stringify(now[field]) !== JSON.stringify(wanted[field]),
  );
}
