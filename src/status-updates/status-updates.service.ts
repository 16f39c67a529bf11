import { isTerminal } from '../commitments/commitment-status.js';
import { Injectable } from '@nestjs/common';
import { AuditedTransaction, type AuditedWrite } from '../audit/audited-transaction.js';
import type { StaffMember } from '../auth/staff-member.js';
import { todayIsoDate } from '../common/calendar-date.js';
import { fromIsoDate, toIsoDate } from '../common/dates.js';
import { validationProblem } from '../common/validation.js';
import { toCommitmentDto } from '../commitments/commitment.mapper.js';
import type { CommitmentRow } from '../commitments/commitments.repository.js';
import {
  cancelOpenReminders,
  REVIEW_REMINDERS,
} from '../commitments/writes/reminder-cancellation.js';
import {
  claimCommitmentVersion,
  commitmentSnapshot,
} from '../commitments/writes/versioned-commitment.js';
import type { Prisma } from '../generated/prisma/client.js';
import type {
  CreateReviewDto,
  CreateStatusUpdateDto,
  RecordedReviewDto,
  RecordedStatusUpdateDto,
} from './dto/status-update.dto.js';

type Tx = Prisma.TransactionClient;

/** A terminal commitment is never stale and gets no reminders. */

function assertEffectiveOn(effectiveOn: string, madeOn: Date): void {
  const problems: string[] = [];
  if (effectiveOn > todayIsoDate()) problems.push('effectiveOn must not be in the future');
  if (effectiveOn < toIsoDate(madeOn)) {
    problems.push(`effectiveOn must not be before the pledge (${toIsoDate(madeOn)})`);
  }
  if (problems.length) throw validationProblem([{ field: 'effectiveOn', messages: problems }]);
}

async function assertEvidenceExists(tx: Tx, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const found = await tx.evidence.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((row) => row.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) {
    throw validationProblem([
      { field: 'evidenceIds', messages: [`unknown evidence: ${missing.join(', ')}`] },
    ]);
  }
}

/** Timeline writes: status updates and reviews, each resetting staleness in one transaction. */
@Injectable()
export class StatusUpdatesService {
  constructor(private readonly writes: AuditedTransaction) {}

  addUpdate(
    staff: StaffMember,
    commitmentId: string,
    expectedVersion: number,
    body: CreateStatusUpdateDto,
  ): Promise<RecordedStatusUpdateDto> {
    const evidenceIds = body.evidenceIds ?? [];
    return this.writes.run(staff, async ({ tx, audit }) => {
      const recordedAt = new Date();
      const before = await claimCommitmentVersion(tx, commitmentId, expectedVersion, {
        status: body.status,
        progress: body.progress,
        lastReviewedAt: recordedAt,
        staleSince: null,
      });
      const effectiveOn = body.effectiveOn ?? todayIsoDate();
      assertEffectiveOn(effectiveOn, before.madeOn);
      await assertEvidenceExists(tx, evidenceIds);
      const update = await tx.statusUpdate.create({
        data: {
          commitmentId,
          fromStatus: before.status,
          toStatus: body.status,
          progress: body.progress ?? before.progress,
          note: body.note,
          effectiveOn: fromIsoDate(effectiveOn),
          recordedAt,
          actor: staff.name,
          apiKeyId: staff.apiKeyId,
          evidence: { create: evidenceIds.map((evidenceId) => ({ evidenceId })) },
        },
      });
      const terminal = isTerminal(body.status);
      await cancelOpenReminders(tx, commitmentId, terminal ? undefined : REVIEW_REMINDERS);
      await this.recordAudit({ tx, audit }, 'commitment.status-update', before);
      return {
        id: update.id,
        commitmentId,
        fromStatus: update.fromStatus,
        toStatus: update.toStatus,
        progress: update.progress,
        note: update.note,
        effectiveOn,
        recordedAt: recordedAt.toISOString(),
        actor: update.actor,
        evidenceIds,
        commitmentVersion: before.version + 1,
      };
    });
  }

  addReview(
    staff: StaffMember,
    commitmentId: string,
    expectedVersion: number,
    body: CreateReviewDto,
  ): Promise<RecordedReviewDto> {
    return this.writes.run(staff, async ({ tx, audit }) => {
      const reviewedAt = new Date();
      const before = await claimCommitmentVersion(tx, commitmentId, expectedVersion, {
        lastReviewedAt: reviewedAt,
        staleSince: null,
      });
      const review = await tx.review.create({
        data: {
          commitmentId,
          note: body.note,
          reviewedAt,
          actor: staff.name,
          apiKeyId: staff.apiKeyId,
        },
      });
      await cancelOpenReminders(tx, commitmentId, REVIEW_REMINDERS);
      await this.recordAudit({ tx, audit }, 'commitment.review', before);
      return {
        id: review.id,
        commitmentId,
        note: review.note,
        reviewedAt: reviewedAt.toISOString(),
        actor: review.actor,
        commitmentVersion: before.version + 1,
      };
    });
  }

  private async recordAudit(
    { tx, audit }: AuditedWrite,
    action: string,
    before: CommitmentRow,
  ): Promise<void> {
    await audit({
      action,
      entityType: 'commitment',
      entityId: before.id,
      before: toCommitmentDto(before),
      after: await commitmentSnapshot(tx, before.id),
    });
  }
}
