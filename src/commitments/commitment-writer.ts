import { Injectable } from '@nestjs/common';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import type { AuditActor } from '../audit/audit.repository.js';
import { Clock } from '../clock/clock.js';
import { fromIsoDate } from '../common/dates.js';
import { ProblemException } from '../common/problem-details.js';
import { slugify } from '../common/slug.js';
import { validationProblem } from '../common/validation.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { CommitmentStatus } from '../generated/prisma/enums.js';
import type { WebhookEventType } from '../notifications/webhook-events.js';
import { WebhooksRepository } from '../notifications/webhooks.repository.js';
import { isTerminal } from './commitment-rules.js';
import {
  CommitmentWritesRepository,
  REVIEW_REMINDERS,
  type CommitmentColumns,
  type ShownRow,
  type StalenessBatch,
} from './commitment-writes.repository.js';
import { toCommitmentDto } from './commitment.mapper.js';
import type { CommitmentRow, CommitmentTranslationJson } from './commitment-row.js';
import type { Language } from '../common/languages.js';
import type { CommitmentDto } from './dto/commitment.dto.js';
import { resolveReferences, type ResolvedReferences } from './writes/commitment-references.js';
import type {
  CommitmentTranslationBodyDto,
  CreateCommitmentDto,
  UpdateCommitmentDto,
} from './writes/dto/commitment-write.dto.js';

type Tx = Prisma.TransactionClient;

/** One change of a commitment by staff, as its writer applies it. */
export interface CommitmentChange<T, Answer> {
  /** The audit action, e.g. `commitment.review`. */
  action: string;
  /**
   * What it sets on the row. A function runs in the transaction before the version is claimed,
   * to decide them from the database (references resolved, the body checked).
   */
  columns?: CommitmentColumns | ((tx: Tx) => Promise<CommitmentColumns>);
  /** A review or status update: the review cadence starts again, its reminder is closed. */
  reviewed?: boolean;
  /** The rows the change adds or removes, in its transaction, given the commitment as it was. */
  work?: (tx: Tx, before: CommitmentRow) => Promise<T>;
  /** What the audit entry shows, when not the commitment before and after (a link it gained). */
  audited?: (result: T) => { before?: unknown; after?: unknown };
  /** The event it announces to webhook endpoints (a status change announces itself). */
  announced?: (result: T) => { type: WebhookEventType; data: object };
  /**
   * The response to the request, made in the transaction: it is what an Idempotency-Key replays,
   * stored as it commits.
   */
  answer: (changed: ChangedCommitment<T>) => Answer;
}

export interface ChangedCommitment<T> {
  result: T;
  before: CommitmentRow;
  after: CommitmentDto;
}

const SLUG_TAKEN = 'Another commitment already has that slug.';

const optionalDate = (value: string | null | undefined): Date | null | undefined =>
  value == null ? value : fromIsoDate(value);

/** The plain columns a body sets; relations (event, parties, themes) are resolved separately. */
function columnsOf(body: UpdateCommitmentDto) {
  return {
    slug: body.slug,
    title: body.title,
    summary: body.summary,
    quote: body.quote,
    language: body.language,
    madeOn: optionalDate(body.madeOn) ?? undefined,
    targetDate: optionalDate(body.targetDate),
    reviewIntervalDays: body.reviewIntervalDays,
  };
}

function assertTargetAfterPledge(madeOn: Date, targetDate: Date | null | undefined): void {
  if (targetDate && targetDate < madeOn) {
    throw validationProblem([
      { field: 'targetDate', messages: ['targetDate must not be before madeOn'] },
    ]);
  }
}

const notFound = (idOrSlug: string) =>
  new ProblemException(404, `No commitment with id or slug "${idOrSlug}".`);

const staleVersion = () =>
  new ProblemException(
    412,
    'The commitment has changed since you read it (If-Match does not match its ETag); read it again.',
  );

/**
 * The one door through which a commitment changes. Every change runs in the audited transaction
 * (its audit entry and its Idempotency-Key answer commit with it), claims the next version (the
 * public ETag) or fails with 412, closes the reminders the change makes moot, and records the
 * commitment before and after. Other modules add their rows (a status update, an evidence
 * link) through `change`; edits of what a commitment shows move its version through `bumpShowing`.
 */
@Injectable()
export class CommitmentWriter {
  constructor(
    private readonly writes: AuditedTransaction,
    private readonly rows: CommitmentWritesRepository,
    private readonly clock: Clock,
    private readonly webhooks: WebhooksRepository,
  ) {}

  create(staff: AuditActor, body: CreateCommitmentDto): Promise<CommitmentDto> {
    return this.writes.run(
      staff,
      async ({ tx, audit }) => {
        const refs = await resolveReferences(tx, body);
        const columns = columnsOf(body);
        assertTargetAfterPledge(columns.madeOn!, columns.targetDate);
        const id = await this.rows.insert(
          tx,
          {
            ...columns,
            slug: body.slug ?? (await this.rows.freeSlug(tx, slugify(body.title))),
            title: body.title,
            madeOn: columns.madeOn!,
            eventId: refs.eventId!,
          },
          { parties: refs.parties!, themeIds: refs.themeIds! },
        );
        const created = await this.snapshot(tx, id);
        await audit({
          action: 'commitment.create',
          entityType: 'commitment',
          entityId: id,
          after: created,
        });
        return created;
      },
      SLUG_TAKEN,
    );
  }

  edit(
    staff: AuditActor,
    idOrSlug: string,
    expectedVersion: number,
    body: UpdateCommitmentDto,
  ): Promise<CommitmentDto> {
    const columns = columnsOf(body);
    let refs: ResolvedReferences = {};
    return this.change(
      staff,
      idOrSlug,
      expectedVersion,
      {
        action: 'commitment.update',
        columns: async (tx) => {
          refs = await resolveReferences(tx, body);
          return { ...columns, eventId: refs.eventId };
        },
        work: async (tx, before) => {
          assertTargetAfterPledge(
            columns.madeOn ?? before.madeOn,
            columns.targetDate === undefined ? before.targetDate : columns.targetDate,
          );
          await this.rows.replaceRelations(tx, before.id, refs);
        },
        answer: ({ after }) => after,
      },
      SLUG_TAKEN,
    );
  }

  async archive(staff: AuditActor, idOrSlug: string, expectedVersion: number): Promise<void> {
    await this.change(staff, idOrSlug, expectedVersion, {
      action: 'commitment.archive',
      columns: { archived: true },
      answer: () => undefined,
    });
  }

  /**
   * Sets (body) or removes (null) the commitment's translation into a language other than its
   * own: a new version, since what it shows in that language changed.
   */
  translate(
    staff: AuditActor,
    idOrSlug: string,
    expectedVersion: number,
    language: Language,
    body: CommitmentTranslationBodyDto | null,
  ): Promise<CommitmentDto> {
    const translation: CommitmentTranslationJson | null = body && {
      language,
      title: body.title,
      summary: body.summary ?? null,
      quote: body.quote ?? null,
      translator: body.translator ?? staff.name,
      official: body.official ?? false,
    };
    return this.change(staff, idOrSlug, expectedVersion, {
      action: translation ? 'commitment.translate' : 'commitment.untranslate',
      work: async (tx, before) => {
        if (before.language === language) {
          throw new ProblemException(
            409,
            `The commitment is written in "${language}"; edit it instead of translating it.`,
          );
        }
        await this.rows.translate(tx, before.id, language, translation);
      },
      answer: ({ after }) => after,
    });
  }

  /** A change of one commitment at the version its writer read; see the class comment. */
  change<T, Answer>(
    staff: AuditActor,
    idOrSlug: string,
    expectedVersion: number,
    change: CommitmentChange<T, Answer>,
    duplicate?: string,
  ): Promise<Answer> {
    return this.writes.run(
      staff,
      async ({ tx, audit }) => {
        const columns =
          typeof change.columns === 'function' ? await change.columns(tx) : (change.columns ?? {});
        // The commitment's lock first, then its reminders: the order stale-check takes them in,
        // so the two never wait for each other in a circle.
        const before = await this.rows.find(tx, idOrSlug, { live: true, locked: true });
        if (!before) throw notFound(idOrSlug);
        const { id } = before;
        if (before.version !== expectedVersion) throw staleVersion();
        // Before the row changes: the database's trigger would close them too, at its own time.
        await this.closeMootReminders(tx, id, columns, change.reviewed);
        if (!(await this.rows.claimVersion(tx, id, expectedVersion, columns))) throw staleVersion();
        const result = (await change.work?.(tx, before)) as T;
        const after = await this.snapshot(tx, id);
        await this.announce(tx, before, after, change.announced?.(result));
        await audit({
          action: change.action,
          entityType: 'commitment',
          entityId: id,
          ...(change.audited?.(result) ?? { before: toCommitmentDto(before), after }),
        });
        return change.answer({ result, before, after });
      },
      duplicate,
    );
  }

  /** Inside the caller's transaction: the live commitment as it is there, or null. */
  async findLive(tx: Tx, idOrSlug: string): Promise<CommitmentDto | null> {
    const row = await this.rows.find(tx, idOrSlug, { live: true });
    return row ? toCommitmentDto(row) : null;
  }

  /** Inside the caller's audited transaction: the commitments showing a changed row move on. */
  bumpShowing(tx: Tx, shown: ShownRow): Promise<void> {
    return this.rows.bumpShowing(tx, shown);
  }

  /** How many live commitments show the row (what archiving it would leave dangling). */
  countLiveShowing(tx: Tx, shown: ShownRow): Promise<number> {
    return this.rows.countLiveShowing(tx, shown);
  }

  /**
   * stale-check's batch: up to `size` commitments whose review fell due are flagged stale (a
   * new version: their public representation changed) and get a REVIEW_DUE reminder.
   */
  flagDueReviews(now: Date, size: number, defaultIntervalDays: number): Promise<StalenessBatch> {
    return this.rows.flagDueReviews(now, size, defaultIntervalDays);
  }

  /** stale-check's other batch: archived or terminal commitments lose a flag left on them. */
  unflagClosed(size: number): Promise<StalenessBatch> {
    return this.rows.unflagClosed(size);
  }

  /** The change's events for webhook endpoints, in its transaction, each naming the commitment. */
  private async announce(
    tx: Tx,
    before: CommitmentRow,
    after: CommitmentDto,
    event: { type: WebhookEventType; data: object } | undefined,
  ): Promise<void> {
    const commitment = {
      id: after.id,
      slug: after.slug,
      title: after.title,
      version: after.version,
    };
    const now = this.clock.now();
    if (after.status !== before.status) {
      await this.webhooks.recordEvent(
        tx,
        'commitment.status_changed',
        { commitment, fromStatus: before.status, toStatus: after.status },
        now,
      );
    }
    if (event) await this.webhooks.recordEvent(tx, event.type, { commitment, ...event.data }, now);
  }

  /** Archived or terminal: every open reminder goes; reviewed: the review reminder goes. */
  private async closeMootReminders(
    tx: Tx,
    id: string,
    columns: CommitmentColumns,
    reviewed = false,
  ): Promise<void> {
    const status = columns.status as CommitmentStatus | undefined;
    const closed = columns.archived === true || (status !== undefined && isTerminal(status));
    if (closed) await this.rows.cancelOpenReminders(tx, id, this.clock.now());
    else if (reviewed) {
      await this.rows.cancelOpenReminders(tx, id, this.clock.now(), REVIEW_REMINDERS);
    }
  }

  private async snapshot(tx: Tx, id: string): Promise<CommitmentDto> {
    const row = await this.rows.find(tx, id, { live: false });
    return toCommitmentDto(row!);
  }
}
