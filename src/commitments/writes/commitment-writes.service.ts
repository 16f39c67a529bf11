import { Injectable } from '@nestjs/common';
import { AuditedTransaction } from '../../audit/audited-transaction.js';
import type { StaffMember } from '../../auth/staff-member.js';
import { fromIsoDate } from '../../common/dates.js';
import { firstFreeSlug, slugify } from '../../common/slug.js';
import { validationProblem } from '../../common/validation.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { toCommitmentDto } from '../commitment.mapper.js';
import { COMMITMENT_INCLUDE } from '../commitments.repository.js';
import type { CommitmentDto } from '../dto/commitment.dto.js';
import { resolveReferences, type ResolvedReferences } from './commitment-references.js';
import type { CreateCommitmentDto, UpdateCommitmentDto } from './dto/commitment-write.dto.js';
import { cancelOpenReminders } from './reminder-cancellation.js';
import { claimCommitmentVersion, commitmentSnapshot } from './versioned-commitment.js';

type Tx = Prisma.TransactionClient;

const optionalDate = (value: string | null | undefined): Date | null | undefined =>
  value == null ? value : fromIsoDate(value);

/** The plain columns a body sets; relations (event, parties, themes) are resolved separately. */
function columnChanges(body: UpdateCommitmentDto) {
  return {
    slug: body.slug,
    title: body.title,
    summary: body.summary,
    quote: body.quote,
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

async function replaceRelations(tx: Tx, commitmentId: string, refs: ResolvedReferences) {
  if (refs.parties) {
    await tx.commitmentParty.deleteMany({ where: { commitmentId } });
    await tx.commitmentParty.createMany({
      data: refs.parties.map((party) => ({ ...party, commitmentId })),
    });
  }
  if (refs.themeIds) {
    await tx.commitmentTheme.deleteMany({ where: { commitmentId } });
    await tx.commitmentTheme.createMany({
      data: refs.themeIds.map((themeId) => ({ themeId, commitmentId })),
    });
  }
}

const SLUG_TAKEN = 'Another commitment already has that slug.';

@Injectable()
export class CommitmentWritesService {
  constructor(private readonly writes: AuditedTransaction) {}

  create(staff: StaffMember, body: CreateCommitmentDto): Promise<CommitmentDto> {
    return this.writes.run(
      staff,
      async ({ tx, audit }) => {
        const refs = await resolveReferences(tx, body);
        const columns = columnChanges(body);
        assertTargetAfterPledge(columns.madeOn!, columns.targetDate);
        const row = await tx.commitment.create({
          data: {
            ...columns,
            slug: body.slug ?? (await this.freeSlug(tx, slugify(body.title))),
            title: body.title,
            madeOn: columns.madeOn!,
            eventId: refs.eventId!,
            parties: { create: refs.parties },
            themes: { create: refs.themeIds!.map((themeId) => ({ themeId })) },
          },
          include: COMMITMENT_INCLUDE,
        });
        const created = toCommitmentDto(row);
        await audit({
          action: 'commitment.create',
          entityType: 'commitment',
          entityId: row.id,
          after: created,
        });
        return created;
      },
      SLUG_TAKEN,
    );
  }

  update(
    staff: StaffMember,
    id: string,
    expectedVersion: number,
    body: UpdateCommitmentDto,
  ): Promise<CommitmentDto> {
    return this.writes.run(
      staff,
      async ({ tx, audit }) => {
        const refs = await resolveReferences(tx, body);
        const columns = columnChanges(body);
        const before = await claimCommitmentVersion(tx, id, expectedVersion, {
          ...columns,
          eventId: refs.eventId,
        });
        assertTargetAfterPledge(
          columns.madeOn ?? before.madeOn,
          columns.targetDate === undefined ? before.targetDate : columns.targetDate,
        );
        await replaceRelations(tx, id, refs);
        const after = await commitmentSnapshot(tx, id);
        await audit({
          action: 'commitment.update',
          entityType: 'commitment',
          entityId: id,
          before: toCommitmentDto(before),
          after,
        });
        return after;
      },
      SLUG_TAKEN,
    );
  }

  async archive(staff: StaffMember, id: string, expectedVersion: number): Promise<void> {
    await this.writes.run(staff, async ({ tx, audit }) => {
      const before = await claimCommitmentVersion(tx, id, expectedVersion, { archived: true });
      await cancelOpenReminders(tx, id);
      await audit({
        action: 'commitment.archive',
        entityType: 'commitment',
        entityId: id,
        before: toCommitmentDto(before),
        after: { archived: true },
      });
    });
  }

  private async freeSlug(tx: Tx, base: string): Promise<string> {
    const taken = await tx.commitment.findMany({
      where: { slug: { startsWith: base } },
      select: { slug: true },
    });
    return firstFreeSlug(
      base,
      taken.map((row) => row.slug),
    );
  }
}
