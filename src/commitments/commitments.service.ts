import { Injectable } from '@nestjs/common';
import { toIsoDate } from '../common/dates.js';
import type { Language } from '../common/languages.js';
import {
  decodeInstantKeyset,
  DEFAULT_PAGE_SIZE,
  type InstantKeyset,
  toPage,
  type Page,
  type PageQueryDto,
} from '../common/pagination.js';
import { ProblemException } from '../common/problem-details.js';
import { AppConfig } from '../config/app-config.js';
import { toCommitmentDetailDto, toCommitmentDto } from './commitment.mapper.js';
import {
  cursorValues,
  keysetFromCursor,
  relevanceOrder,
  sortOrder,
  type Keyset,
  type SortOrder,
} from './commitment-sort.js';
import { CommitmentsRepository, type StatusUpdateRow } from './commitments.repository.js';
import type { CommitmentDetailDto, CommitmentDto } from './dto/commitment.dto.js';
import type {
  LinkedEvidenceDto,
  ReviewDto,
  StatusUpdateDto,
} from './dto/commitment-timeline.dto.js';
import {
  COMMITMENT_SORTS,
  type CommitmentSort,
  type ExportCommitmentsQueryDto,
  type ListCommitmentsQueryDto,
} from './dto/list-commitments-query.dto.js';

/** Rows fetched per statement while exporting: memory stays bounded at any table size. */
const EXPORT_BATCH_SIZE = 500;

function notFound(idOrSlug: string): ProblemException {
  return new ProblemException(404, `No commitment with id or slug "${idOrSlug}".`);
}

/** The order a listing asks for: its `sort`, else best match for a search, else newest change. */
export function orderOf(query: ExportCommitmentsQueryDto): SortOrder {
  if (query.sort === undefined) {
    return query.q ? relevanceOrder(query.q) : sortOrder('-updatedAt');
  }
  if (!(COMMITMENT_SORTS as readonly string[]).includes(query.sort)) {
    throw new ProblemException(400, `sort: must be one of ${COMMITMENT_SORTS.join(', ')}`, {
      errors: [{ field: 'sort', messages: ['unknown sort'] }],
    });
  }
  return sortOrder(query.sort as CommitmentSort);
}

function toStatusUpdateDto(row: StatusUpdateRow, byline: string): StatusUpdateDto {
  return {
    ...row,
    effectiveOn: toIsoDate(row.effectiveOn),
    recordedAt: row.recordedAt.toISOString(),
    actor: byline,
  };
}

@Injectable()
export class CommitmentsService {
  constructor(
    private readonly repository: CommitmentsRepository,
    private readonly config: AppConfig,
  ) {}

  /** One page of public commitments: one SQL statement. */
  async list(query: ListCommitmentsQueryDto, language: Language): Promise<Page<CommitmentDto>> {
    const order = orderOf(query);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? keysetFromCursor(order, query.cursor) : undefined;
    const rows = await this.repository.findPage({ filter: query, order, take: limit + 1, after });
    return toPage(
      rows,
      limit,
      (row) => cursorValues(order, row),
      (row) => toCommitmentDto(row, language),
    );
  }

  /** Every matching public commitment, fetched in keyset batches as the consumer reads. */
  async *exportAll(
    query: ExportCommitmentsQueryDto,
    language: Language,
  ): AsyncGenerator<CommitmentDto> {
    const order = orderOf(query);
    let after: Keyset | undefined;
    for (;;) {
      const rows = await this.repository.findPage({
        filter: query,
        order,
        take: EXPORT_BATCH_SIZE,
        after,
      });
      for (const row of rows) yield toCommitmentDto(row, language);
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_BATCH_SIZE) return;
      after = { key: order.keyOf(last), id: last.id };
    }
  }

  async get(idOrSlug: string, language: Language): Promise<CommitmentDetailDto> {
    const row = await this.repository.findPublicByIdOrSlug(idOrSlug);
    if (!row) throw notFound(idOrSlug);
    return toCommitmentDetailDto(row, language);
  }

  /** The timeline, newest first, each update with its evidence: one SQL statement. */
  listUpdates(idOrSlug: string, page: PageQueryDto): Promise<Page<StatusUpdateDto>> {
    return this.pageOfCommitment(
      idOrSlug,
      page,
      (take, after) => this.repository.findUpdatesPage(idOrSlug, take, after),
      (row) => row.recordedAt,
      (row) => toStatusUpdateDto(row, this.config.PUBLIC_BYLINE),
    );
  }

  async listEvidence(idOrSlug: string): Promise<LinkedEvidenceDto[]> {
    const evidence = await this.repository.findLinkedEvidence(idOrSlug);
    if (!evidence) throw notFound(idOrSlug);
    return evidence;
  }

  /** A commitment's reviews ("checked, nothing changed"), newest first: one SQL statement. */
  listReviews(idOrSlug: string, page: PageQueryDto): Promise<Page<ReviewDto>> {
    return this.pageOfCommitment(
      idOrSlug,
      page,
      (take, after) => this.repository.findReviewsPage(idOrSlug, take, after),
      (row) => row.reviewedAt,
      (row) => ({ ...row, reviewedAt: row.reviewedAt.toISOString() }),
    );
  }

  /** A page of a public commitment's rows, newest first by an instant, tie-broken by id. */
  async pageOfCommitment<Row extends { id: string }, T>(
    idOrSlug: string,
    page: PageQueryDto,
    find: (take: number, after?: InstantKeyset) => Promise<Row[] | null>,
    instantOf: (row: Row) => Date,
    map: (row: Row) => T,
  ): Promise<Page<T>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const after = page.cursor ? decodeInstantKeyset(page.cursor) : undefined;
    const rows = await find(limit + 1, after);
    if (!rows) throw notFound(idOrSlug);
    return toPage(rows, limit, (row) => [instantOf(row).toISOString(), row.id], map);
  }
}
