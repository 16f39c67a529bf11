import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../auth/api-key-secret.js';
import type { StaffMember } from '../auth/staff-member.js';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import { Clock } from '../clock/clock.js';
import { API_PREFIX } from '../common/api.js';
import { decodeInstantKeyset, toPage } from '../common/pagination.js';
import { ProblemException } from '../common/problem-details.js';
import { isTerminal } from '../commitments/commitment-status.js';
import { UUID_PATTERN } from '../common/query-params.js';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { publicUrl } from '../notifications/public-link.js';
import { Prisma } from '../generated/prisma/client.js';
import {
  CalendarTokenDto,
  CreateReminderDto,
  ReminderDto,
  ReminderPageDto,
  ReminderQueryDto,
  UpdateReminderDto,
} from './dto/reminder.dto.js';

const REMINDER_INCLUDE = {
  commitment: { select: { id: true, slug: true, title: true } },
} satisfies Prisma.ReminderInclude;

type ReminderRow = Prisma.ReminderGetPayload<{ include: typeof REMINDER_INCLUDE }>;

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

const commitmentKey = (idOrSlug: string) =>
  UUID_PATTERN.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug };

/** Staff reminders: listing, closing and snoozing, custom ones, and the calendar token. */
@Injectable()
export class RemindersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedTransaction,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Soonest due first; the keyset is (dueAt, id). */
  async list(query: ReminderQueryDto): Promise<ReminderPageDto> {
    const after = query.cursor ? decodeInstantKeyset(query.cursor) : null;
    const rows = await this.prisma.reminder.findMany({
      where: {
        state: query.state,
        kind: query.kind,
        commitment: query.commitment ? commitmentKey(query.commitment) : undefined,
        dueAt: {
          gte: query.dueFrom ? new Date(query.dueFrom) : undefined,
          lt: query.dueBefore ? new Date(query.dueBefore) : undefined,
        },
        ...(after && {
          OR: [
            { dueAt: { gt: new Date(after.at) } },
            { dueAt: new Date(after.at), id: { gt: after.id } },
          ],
        }),
      },
      include: REMINDER_INCLUDE,
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: query.limit + 1,
    });
    return toPage(rows, query.limit, (row) => [row.dueAt.toISOString(), row.id], toReminderDto);
  }

  /** Closes (DONE, CANCELLED), snoozes (a new dueAt re-queues its notification) or annotates. */
  async update(id: string, change: UpdateReminderDto, staff: StaffMember): Promise<ReminderDto> {
    if (change.state === undefined && change.dueAt === undefined && change.note === undefined) {
      throw new ProblemException(400, 'Nothing to change: give state, dueAt or note.');
    }
    const now = this.clock.now();
    return this.writes.run(staff, async ({ tx, audit }) => {
      const before = await tx.reminder.findUnique({ where: { id }, include: REMINDER_INCLUDE });
      if (!before) throw new ProblemException(404, `No reminder ${id}.`);
      if (before.state !== 'OPEN' && (change.state || change.dueAt)) {
        throw new ProblemException(409, `The reminder is already ${before.state}.`);
      }
      const dueAt = change.dueAt ? new Date(change.dueAt) : undefined;
      const after = await tx.reminder.update({
        where: { id },
        data: {
          state: change.state,
          closedAt: change.state ? now : undefined,
          dueAt,
          note: change.note,
          updatedAt: now,
        },
        include: REMINDER_INCLUDE,
      });
      if (dueAt && !change.state) await this.requeue(tx, id, dueAt, now);
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

  /** A snoozed reminder notifies again when due: its pending notification waits, or a new one. */
  private async requeue(tx: Prisma.TransactionClient, reminderId: string, dueAt: Date, now: Date) {
    const { count } = await tx.notification.updateMany({
      where: { reminderId, state: 'PENDING' },
      data: { nextAttemptAt: dueAt },
    });
    if (count === 0) {
      await tx.notification.create({ data: { reminderId, nextAttemptAt: dueAt, createdAt: now } });
    }
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
      const commitment = await tx.commitment.findFirst({
        where: { ...commitmentKey(commitmentIdOrSlug), archived: false },
        select: { id: true, status: true },
      });
      if (!commitment) throw new ProblemException(404, `No commitment ${commitmentIdOrSlug}.`);
      if (isTerminal(commitment.status)) {
        throw new ProblemException(
          409,
          `The commitment is ${commitment.status}: it gets no reminders.`,
        );
      }
      const opened = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
        WITH opened AS (
          INSERT INTO reminder (commitment_id, kind, due_at, note, created_at, updated_at)
          VALUES (${commitment.id}::uuid, 'CUSTOM', ${dueAt}::timestamptz, ${input.note ?? null},
            ${now}::timestamptz, ${now}::timestamptz)
          ON CONFLICT (commitment_id, kind) WHERE state = 'OPEN' DO NOTHING
          RETURNING id
        ), queued AS (
          INSERT INTO notification (reminder_id, next_attempt_at, created_at)
          SELECT id, ${dueAt}::timestamptz, ${now}::timestamptz FROM opened
        )
        SELECT id::text FROM opened`);
      if (opened.length === 0) {
        const existing = await tx.reminder.findFirst({
          where: { commitmentId: commitment.id, kind: 'CUSTOM', state: 'OPEN' },
          select: { id: true },
        });
        throw new ProblemException(409, 'The commitment already has an open custom reminder.', {
          existingId: existing?.id,
        });
      }
      const reminder = await tx.reminder.findUniqueOrThrow({
        where: { id: opened[0].id },
        include: REMINDER_INCLUDE,
      });
      await audit({
        action: 'reminder.create',
        entityType: 'reminder',
        entityId: reminder.id,
        after: toReminderDto(reminder),
      });
      return toReminderDto(reminder);
    });
  }

  /** Open reminders for the staff calendar, soonest first. */
  openReminders(limit: number): Promise<ReminderRow[]> {
    return this.prisma.reminder.findMany({
      where: { state: 'OPEN', commitment: { archived: false } },
      include: REMINDER_INCLUDE,
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
  }

  /** A new calendar token for the caller's key (stored hashed; replaces the previous one). */
  async issueCalendarToken(staff: StaffMember): Promise<CalendarTokenDto> {
    return this.writes.run(staff, async ({ tx, audit }) => {
      const token = `cal_${randomBytes(32).toString('base64url')}`;
      await tx.apiKey.update({
        where: { id: staff.apiKeyId },
        data: { calendarTokenHash: hashApiKey(token) },
      });
      await audit({
        action: 'api-key.calendar-token',
        entityType: 'api_key',
        entityId: staff.apiKeyId,
      });
      const url = publicUrl(this.config.PUBLIC_BASE_URL, `${API_PREFIX}/reminders.ics`);
      url.searchParams.set('token', token);
      return { token, url: url.href };
    });
  }

  /** Whether a calendar token belongs to an unrevoked key. */
  async isCalendarTokenValid(token: string): Promise<boolean> {
    const key = await this.prisma.apiKey.findUnique({
      where: { calendarTokenHash: hashApiKey(token) },
      select: { revokedAt: true },
    });
    return key !== null && key.revokedAt === null;
  }
}
