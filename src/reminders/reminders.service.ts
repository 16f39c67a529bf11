import { Injectable } from '@nestjs/common';
import { ApiKeyAdminService } from '../api-keys/api-key-admin.service.js';
import { hashSecret } from '../auth/api-key-secret.js';
import { ApiKeysRepository } from '../auth/api-keys.repository.js';
import type { StaffMember } from '../auth/staff-member.js';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import { Clock } from '../clock/clock.js';
import { API_PREFIX, apiPath } from '../common/api.js';
import { decodeInstantKeyset, toPage } from '../common/pagination.js';
import { ProblemException } from '../common/problem-details.js';
import { isTerminal } from '../commitments/commitment-rules.js';
import { CommitmentsRepository } from '../commitments/commitments.repository.js';
import { AppConfig } from '../config/app-config.js';
import { publicUrl } from '../common/public-links.js';
import { ReminderKind } from '../generated/prisma/enums.js';
import {
  CalendarTokenDto,
  CreateReminderDto,
  ReminderDto,
  ReminderPageDto,
  ReminderQueryDto,
  UpdateReminderDto,
} from './dto/reminder.dto.js';
import { RemindersRepository, type ReminderRow } from './reminders.repository.js';

export function toReminderDto(row: ReminderRow): ReminderDto {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    dueAt: row.dueAt.toISOString(),
    note: row.note,
    closedAt: row.closedAt?.toISOString() ?? null,
    commitment: row.commitment,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * A review reminder is closed by what it asks for: a review or status update of its commitment
 * (the writer closes it then). Closed any other way it would leave the commitment stale with
 * nothing open, and the stale-check opens nothing for a commitment already stale.
 */
function reviewNeeded(reminder: ReminderRow): ProblemException {
  const reviews = apiPath('commitments', reminder.commitment.slug, 'reviews');
  return new ProblemException(
    409,
    `A review reminder closes when its commitment is reviewed: POST ${reviews} with a note ` +
      '(or record a status update); it can still be snoozed.',
    { review: reviews },
  );
}

/** Staff reminders: listing, closing and snoozing, custom ones, and the calendar token. */
@Injectable()
export class RemindersService {
  constructor(
    private readonly reminders: RemindersRepository,
    private readonly commitments: CommitmentsRepository,
    private readonly apiKeys: ApiKeyAdminService,
    private readonly apiKeyRows: ApiKeysRepository,
    private readonly writes: AuditedTransaction,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Soonest due first; the keyset is (dueAt, id). */
  async list(query: ReminderQueryDto): Promise<ReminderPageDto> {
    const after = query.cursor ? decodeInstantKeyset(query.cursor) : null;
    const filter = {
      state: query.state,
      kind: query.kind,
      commitment: query.commitment,
      dueFrom: query.dueFrom ? new Date(query.dueFrom) : undefined,
      dueBefore: query.dueBefore ? new Date(query.dueBefore) : undefined,
    };
    const rows = await this.reminders.page(filter, query.limit + 1, after);
    return toPage(rows, query.limit, (row) => [row.dueAt.toISOString(), row.id], toReminderDto);
  }

  /** Closes (DONE, CANCELLED), snoozes (a new dueAt re-queues its notification) or annotates. */
  async update(id: string, change: UpdateReminderDto, staff: StaffMember): Promise<ReminderDto> {
    if (change.state === undefined && change.dueAt === undefined && change.note === undefined) {
      throw new ProblemException(400, 'Nothing to change: give state, dueAt or note.');
    }
    const now = this.clock.now();
    return this.writes.run(staff, async ({ tx, audit }) => {
      const before = await this.reminders.find(tx, id);
      if (!before) throw new ProblemException(404, `No reminder ${id}.`);
      if (before.state !== 'OPEN' && (change.state || change.dueAt)) {
        throw new ProblemException(409, `The reminder is already ${before.state}.`);
      }
      if (before.kind === ReminderKind.REVIEW_DUE && change.state) throw reviewNeeded(before);
      const dueAt = change.dueAt ? new Date(change.dueAt) : undefined;
      const after = await this.reminders.update(tx, id, {
        state: change.state,
        closedAt: change.state ? now : undefined,
        dueAt,
        note: change.note,
        updatedAt: now,
      });
      if (dueAt && !change.state) await this.reminders.requeue(tx, id, dueAt, now);
      await audit({
        action: 'reminder.update',
        entityType: 'reminder',
        entityId: id,
        before: toReminderDto(before),
        after: toReminderDto(after),
      });
      return toReminderDto(after);
    });
  }

  /** A CUSTOM reminder with its outbox notification (sent when due); one open per commitment. */
  async createCustom(
    commitmentIdOrSlug: string,
    input: CreateReminderDto,
    staff: StaffMember,
  ): Promise<ReminderDto> {
    const now = this.clock.now();
    const dueAt = new Date(input.dueAt);
    return this.writes.run(staff, async ({ tx, audit }) => {
      const commitment = await this.commitments.findLiveStatus(commitmentIdOrSlug, tx);
      if (!commitment) throw new ProblemException(404, `No commitment ${commitmentIdOrSlug}.`);
      if (isTerminal(commitment.status)) {
        throw new ProblemException(
          409,
          `The commitment is ${commitment.status}: it gets no reminders.`,
        );
      }
      const id = await this.reminders.openCustom(tx, commitment.id, dueAt, input.note ?? null, now);
      if (!id) {
        throw new ProblemException(409, 'The commitment already has an open custom reminder.', {
          existingId: await this.reminders.openCustomId(tx, commitment.id),
        });
      }
      const reminder = toReminderDto((await this.reminders.find(tx, id))!);
      await audit({
        action: 'reminder.create',
        entityType: 'reminder',
        entityId: id,
        after: reminder,
      });
      return reminder;
    });
  }

  /** Open reminders for the staff calendar, soonest first. */
  openReminders(limit: number): Promise<ReminderRow[]> {
    return this.reminders.open(limit);
  }

  /** A new calendar token for the caller's key, and the calendar's address with it. */
  issueCalendarToken(staff: StaffMember): Promise<CalendarTokenDto> {
    return this.apiKeys.issueCalendarToken(staff, (token) => {
      const url = publicUrl(this.config.PUBLIC_BASE_URL, `${API_PREFIX}/reminders.ics`);
      url.searchParams.set('token', token);
      return url.href;
    });
  }

  /** Whether a calendar token belongs to an unrevoked key. */
  isCalendarTokenValid(token: string): Promise<boolean> {
    return this.apiKeyRows.isLiveCalendarToken(hashSecret(token));
  }
}
