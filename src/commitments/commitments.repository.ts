import { Injectable } from '@nestjs/common';
import type { Language } from '../common/languages.js';
import type { InstantKeyset } from '../common/pagination.js';
import { Sql } from '../database/sql.js';
import { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus, EvidenceStance } from '../generated/prisma/enums.js';
import {
  idOrSlugCondition,
  publicCommitmentsWhere,
  searchQuery,
  type CommitmentFilter,
} from './commitment-filters.js';
import type {
  CommitmentDetailRow,
  CommitmentRow,
  LineageLinkJson,
  SortableCommitmentRow,
} from './commitment-row.js';
import {
  afterKeyset,
  idOf,
  orderByClause,
  type Keyset,
  type SortOrder,
} from './commitment-sort.js';

/** The name of party `p` in a language other than English, or null: its translation's. */
export const partyNameIn = (language: Exclude<Language, 'en'>): Prisma.Sql =>
  Prisma.sql`(SELECT pt.name FROM party_translation pt
    WHERE pt.party_id = p.id AND pt.language = ${Prisma.raw(`'${language}'`)})`;

/**
 * A commitment with its event, parties and themes in one row (the shape of CommitmentRow),
 * so a page of any size is one statement.
 */
export const COMMITMENT_COLUMNS = Prisma.sql`
  c.id, c.slug, c.title, c.summary, c.quote, c.language, c.event_id AS "eventId",
  c.made_on AS "madeOn", c.target_date AS "targetDate",
  c.review_interval_days AS "reviewIntervalDays", c.status,
  c.progress, c.last_reviewed_at AS "lastReviewedAt", c.stale_since AS "staleSince", c.version,
  c.archived, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  (SELECT json_build_object('slug', e.slug, 'title', e.title, 'heldOn', e.held_on,
      'titles', (SELECT json_object_agg(et.language, et.title)
        FROM event_translation et WHERE et.event_id = e.id))
    FROM event e WHERE e.id = c.event_id) AS event,
  COALESCE((
    SELECT json_agg(json_build_object('role', cp.role, 'party', json_build_object(
      'code', p.code, 'name', p.name, 'nameKo', ${partyNameIn('ko')}, 'nameZh', ${partyNameIn('zh')}))
      ORDER BY cp.role, p.code)
    FROM commitment_party cp JOIN party p ON p.id = cp.party_id
    WHERE cp.commitment_id = c.id), '[]') AS parties,
  COALESCE((
    SELECT json_agg(json_build_object('theme', json_build_object('slug', t.slug, 'name', t.name,
      'names', (SELECT json_object_agg(tt.language, tt.name)
        FROM theme_translation tt WHERE tt.theme_id = t.id)))
      ORDER BY t.slug)
    FROM commitment_theme ct JOIN theme t ON t.id = ct.theme_id
    WHERE ct.commitment_id = c.id), '[]') AS themes,
  COALESCE((
    SELECT json_agg(json_build_object('language', tr.language, 'title', tr.title,
      'summary', tr.summary, 'quote', tr.quote, 'translator', tr.translator,
      'official', tr.official) ORDER BY tr.language)
    FROM commitment_translation tr WHERE tr.commitment_id = c.id), '[]') AS translations`;

export interface RawCommitmentRow extends Omit<CommitmentRow, 'event'> {
  event: Omit<CommitmentRow['event'], 'heldOn'> & { heldOn: string };
}

/** JSON carries the event's date as text; the row type (and the mapper) want a Date. */
export function fromRaw<Row extends RawCommitmentRow>(
  row: Row,
): Omit<Row, 'event'> & CommitmentRow {
  return { ...row, event: { ...row.event, heldOn: new Date(`${row.event.heldOn}T00:00:00Z`) } };
}

/** An evidence article as JSON (dates as `YYYY-MM-DD`), for nesting in a row. */
export const EVIDENCE_JSON = Prisma.sql`jsonb_build_object('id', ev.id, 'url', ev.url, 'title', ev.title,
  'publisher', ev.publisher, 'author', ev.author, 'publishedOn', ev.published_on,
  'language', ev.language, 'excerpt', ev.excerpt)`;
export const EVIDENCE_ORDER = Prisma.sql`ORDER BY ev.published_on DESC NULLS LAST, ev.id`;

export interface EvidenceJson {
  id: string;
  url: string;
  title: string;
  publisher: string | null;
  author: string | null;
  publishedOn: string | null;
  language: string | null;
  excerpt: string | null;
}

export interface StatusUpdateRow {
  id: string;
  fromStatus: CommitmentStatus;
  toStatus: CommitmentStatus;
  progress: number | null;
  note: string;
  effectiveOn: Date;
  recordedAt: Date;
  evidence: EvidenceJson[];
}

export interface ReviewRow {
  id: string;
  note: string;
  reviewedAt: Date;
}

export type LinkedEvidenceJson = EvidenceJson & { stance: EvidenceStance; note: string | null };

export interface PageRequest {
  filter: CommitmentFilter;
  order: SortOrder;
  /** Rows to return; pages ask for one more than they show. */
  take: number;
  after?: Keyset;
}

/**
 * The statement of `findPage`. The page's ids and
 * sort keys come first, from narrow rows; columns and related JSON are read for those rows only:
 * a ranked search sorts thousands of matches, and carrying every column of each through the sort
 * cost about a tenth of its time.
 */
export function commitmentPageSql(request: PageRequest): Prisma.Sql {
  const { filter, order } = request;
  const direction = Prisma.raw(order.descending ? 'DESC' : 'ASC');
  const keys =
    order.byTerm && filter.q
      ? rankedKeysSql(request, filter.q, order.byTerm)
      : pageKeysSql(request, Prisma.sql`commitment c`, publicCommitmentsWhere(filter));
  return Prisma.sql`
    SELECT ${COMMITMENT_COLUMNS}, page."sortKey"
    FROM (${keys}) page
    JOIN commitment c ON c.id = page.id
    ORDER BY page."sortKey" ${direction}, c.id ${direction}`;
}

/** The ids and sort keys of a page, from `from` (which names the commitment `c`). */
function pageKeysSql(
  { order, take, after }: PageRequest,
  from: Prisma.Sql,
  where: Prisma.Sql,
): Prisma.Sql {
  const keyset = after ? Prisma.sql`AND ${afterKeyset(order, after)}` : Prisma.empty;
  return Prisma.sql`
      SELECT ${idOf(order)} AS id, ${order.key} AS "sortKey"
      FROM ${from}
      WHERE ${where} ${keyset}
      ${orderByClause(order)}
      LIMIT ${take}`;
}

/**
 * A search by relevance. Of one word: the page is read from the index of its search terms in
 * rank order, so it costs the page and not the number of matches. Otherwise ranked here, each
 * match's row visited. PostgreSQL folds `search_term(…)` while planning: one branch runs.
 */
function rankedKeysSql(request: PageRequest, q: string, byTerm: SortOrder): Prisma.Sql {
  const term = Prisma.sql`search_term(${searchQuery(q)})`;
  const otherFilters = publicCommitmentsWhere({ ...request.filter, q: undefined });
  return Prisma.sql`(${pageKeysSql(
    { ...request, order: byTerm },
    Prisma.sql`commitment_search_term s JOIN commitment c ON c.id = s.commitment_id`,
    Prisma.sql`s.term = ${term} AND ${otherFilters}`,
  )})
    UNION ALL
    (${pageKeysSql(
      request,
      Prisma.sql`commitment c`,
      Prisma.sql`${term} IS NULL AND ${publicCommitmentsWhere(request.filter)}`,
    )})`;
}

export type RawDetailRow = RawCommitmentRow & {
  updatesCount: number;
  evidenceCount: number;
  earlier: LineageLinkJson[];
  later: LineageLinkJson[];
};

/** The public commitments `c` is linked to on one side (`other` joins the link `l`). */
function lineageLinksSql(own: 'later_id' | 'earlier_id', other: 'later_id' | 'earlier_id') {
  return Prisma.sql`COALESCE((
    SELECT json_agg(json_build_object('kind', l.kind, 'id', o.id, 'slug', o.slug,
      'title', o.title, 'language', o.language, 'quote', o.quote, 'madeOn', o.made_on,
      'event', json_build_object('slug', e.slug, 'title', e.title)) ORDER BY o.made_on, o.id)
    FROM commitment_lineage l
    JOIN commitment o ON o.id = l.${Prisma.raw(other)} AND o.archived = false
    JOIN event e ON e.id = o.event_id
    WHERE l.${Prisma.raw(own)} = c.id), '[]')`;
}

/** The statement of `findPublicByIdOrSlug`. */
export function commitmentDetailSql(condition: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT ${COMMITMENT_COLUMNS},
      (SELECT count(*)::int FROM status_update u WHERE u.commitment_id = c.id) AS "updatesCount",
      (SELECT count(*)::int FROM commitment_evidence ce WHERE ce.commitment_id = c.id)
        AS "evidenceCount",
      ${lineageLinksSql('later_id', 'earlier_id')} AS earlier,
      ${lineageLinksSql('earlier_id', 'later_id')} AS later
    FROM commitment c
    WHERE ${condition} AND c.archived = false`;
}

export function toDetailRow(row: RawDetailRow): CommitmentDetailRow {
  const { updatesCount, evidenceCount, ...commitment } = fromRaw(row);
  return { ...commitment, _count: { statusUpdates: updatesCount, evidenceLinks: evidenceCount } };
}

/** Every public commitment of an event, by title. */
export const commitmentsOfEventSql = (eventId: string): Prisma.Sql => Prisma.sql`
  SELECT ${COMMITMENT_COLUMNS}
  FROM commitment c
  WHERE c.event_id = ${eventId}::uuid AND c.archived = false
  ORDER BY c.title, c.id`;

/** Rows of a commitment listed newest first: their table (as `item`), columns and instant. */
export interface NewestFirst {
  table: string;
  columns: Prisma.Sql;
  instant: string;
}

const TIMELINE: NewestFirst = {
  table: 'status_update',
  columns: Prisma.sql`item.id, item.from_status AS "fromStatus", item.to_status AS "toStatus",
    item.progress, item.note, item.effective_on AS "effectiveOn", item.recorded_at AS "recordedAt",
    COALESCE((SELECT jsonb_agg(${EVIDENCE_JSON} ${EVIDENCE_ORDER})
      FROM status_update_evidence sue JOIN evidence ev ON ev.id = sue.evidence_id
      WHERE sue.status_update_id = item.id), '[]') AS evidence`,
  instant: 'recorded_at',
};

const REVIEWS: NewestFirst = {
  table: 'review',
  columns: Prisma.sql`item.id, item.note, item.reviewed_at AS "reviewedAt"`,
  instant: 'reviewed_at',
};

/**
 * A page of a public commitment's rows, newest first, after the keyset. One statement: the
 * commitment row is always there (`found`) and its rows are joined laterally, so "no such
 * commitment" differs from "no rows yet". Each table has an index on (commitment_id, instant).
 */
export function newestFirstPageSql(
  listing: NewestFirst,
  condition: Prisma.Sql,
  take: number,
  after?: InstantKeyset,
): Prisma.Sql {
  const instant = Prisma.raw(`item.${listing.instant}`);
  const keyset = after
    ? Prisma.sql`AND (${instant}, item.id) < (${after.at}::timestamptz, ${after.id}::uuid)`
    : Prisma.empty;
  return Prisma.sql`
    SELECT true AS found, page.*
    FROM commitment c
    LEFT JOIN LATERAL (
      SELECT ${listing.columns}
      FROM ${Prisma.raw(listing.table)} item
      WHERE item.commitment_id = c.id ${keyset}
      ORDER BY ${instant} DESC, item.id DESC
      LIMIT ${take}
    ) page ON true
    WHERE ${condition} AND c.archived = false`;
}

/** A page of a public commitment's timeline, newest first, each update with its evidence. */
export const timelinePageSql = (condition: Prisma.Sql, take: number, after?: InstantKeyset) =>
  newestFirstPageSql(TIMELINE, condition, take, after);

/** A page of a public commitment's reviews, newest first. */
export const reviewsPageSql = (condition: Prisma.Sql, take: number, after?: InstantKeyset) =>
  newestFirstPageSql(REVIEWS, condition, take, after);

/** The evidence linked to a public commitment, newest first. */
export const linkedEvidenceSql = (condition: Prisma.Sql): Prisma.Sql => Prisma.sql`
  SELECT COALESCE((
    SELECT jsonb_agg(${EVIDENCE_JSON} || jsonb_build_object('stance', ce.stance, 'note', ce.note)
      ${EVIDENCE_ORDER})
    FROM commitment_evidence ce JOIN evidence ev ON ev.id = ce.evidence_id
    WHERE ce.commitment_id = c.id), '[]') AS evidence
  FROM commitment c
  WHERE ${condition} AND c.archived = false`;

export const liveStatusSql = (condition: Prisma.Sql): Prisma.Sql =>
  Prisma.sql`SELECT c.id, c.status, c.version FROM commitment c WHERE ${condition} AND c.archived = false`;

/** Changes when a translation is written, added or removed. */
const translationsFingerprint = (table: string): Prisma.Sql =>
  Prisma.raw(`(SELECT count(*) || '/' || max(updated_at) FROM ${table})`);

/**
 * Changes whenever any commitment or anything shown with it is written, added or removed: the
 * validator of representations too large to hash (the CSV export).
 */
export const FINGERPRINT_SQL = Prisma.sql`
  SELECT concat_ws('|', (SELECT count(*) FROM commitment), (SELECT max(updated_at) FROM commitment),
    (SELECT max(updated_at) FROM event), (SELECT max(updated_at) FROM party),
    (SELECT max(updated_at) FROM theme), ${translationsFingerprint('commitment_translation')},
    ${translationsFingerprint('event_translation')}, ${translationsFingerprint('party_translation')},
    ${translationsFingerprint('theme_translation')}) AS fingerprint`;

export interface LiveStatus {
  id: string;
  status: CommitmentStatus;
  version: number;
}

/** The public reads of commitments (their writes: CommitmentWritesRepository). */
@Injectable()
export class CommitmentsRepository {
  constructor(private readonly sql: Sql) {}

  /** Public commitments matching the filter, in the order, after the keyset: one statement. */
  async findPage(request: PageRequest): Promise<SortableCommitmentRow[]> {
    const rows = await this.sql.rows<RawCommitmentRow & { sortKey: unknown }>(
      commitmentPageSql(request),
    );
    return rows.map(fromRaw);
  }

  async findByEvent(eventId: string): Promise<CommitmentRow[]> {
    return (await this.sql.rows<RawCommitmentRow>(commitmentsOfEventSql(eventId))).map(fromRaw);
  }

  /** One public commitment with the counts of its updates and evidence: one statement. */
  async findPublicByIdOrSlug(idOrSlug: string): Promise<CommitmentDetailRow | null> {
    const condition = idOrSlugCondition(idOrSlug);
    if (!condition) return null;
    const row = await this.sql.row<RawDetailRow | undefined>(commitmentDetailSql(condition));
    return row ? toDetailRow(row) : null;
  }

  /** A page of a public commitment's timeline; null when there is no such public commitment. */
  findUpdatesPage(
    idOrSlug: string,
    take: number,
    after?: InstantKeyset,
  ): Promise<StatusUpdateRow[] | null> {
    return this.pageOfCommitment(idOrSlug, (condition) => timelinePageSql(condition, take, after));
  }

  /** A page of a public commitment's reviews; null when there is no such public commitment. */
  findReviewsPage(
    idOrSlug: string,
    take: number,
    after?: InstantKeyset,
  ): Promise<ReviewRow[] | null> {
    return this.pageOfCommitment(idOrSlug, (condition) => reviewsPageSql(condition, take, after));
  }

  /**
   * The rows a statement over a public commitment (`c`, see `newestFirstPageSql`) finds; null
   * when there is no such public commitment.
   */
  async pageOfCommitment<Row>(
    idOrSlug: string,
    statement: (condition: Prisma.Sql) => Prisma.Sql,
  ): Promise<Row[] | null> {
    const condition = idOrSlugCondition(idOrSlug);
    if (!condition) return null;
    const rows = await this.sql.rows<(Row & { id: string | null }) & { found: true }>(
      statement(condition),
    );
    if (rows.length === 0) return null;
    return rows.filter((row) => row.id !== null).map(({ found: _, ...row }) => row as Row);
  }

  /** The evidence linked to a public commitment, newest first; null when there is no such one. */
  async findLinkedEvidence(idOrSlug: string): Promise<LinkedEvidenceJson[] | null> {
    const condition = idOrSlugCondition(idOrSlug);
    if (!condition) return null;
    const row = await this.sql.row<{ evidence: LinkedEvidenceJson[] } | undefined>(
      linkedEvidenceSql(condition),
    );
    return row ? row.evidence : null;
  }

  /** A live commitment's id, status and version (in a write's transaction when given one). */
  async findLiveStatus(
    idOrSlug: string,
    tx?: Prisma.TransactionClient,
  ): Promise<LiveStatus | null> {
    const condition = idOrSlugCondition(idOrSlug);
    if (!condition) return null;
    const row = await this.sql.row<LiveStatus | undefined>(liveStatusSql(condition), tx);
    return row ?? null;
  }

  async fingerprint(): Promise<string> {
    const row = await this.sql.row<{ fingerprint: string } | undefined>(FINGERPRINT_SQL);
    return row?.fingerprint ?? '';
  }
}
