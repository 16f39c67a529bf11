import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../auth/staff-member.js';
import { Clock } from '../clock/clock.js';
import { fromIsoDate, toIsoDate } from '../common/dates.js';
import { validationProblem } from '../common/validation.js';
import { assertWithinPledgeLife } from '../commitments/commitment-rules.js';
import { CommitmentWriter } from '../commitments/commitment-writer.js';
import type {
  CreateReviewDto,
  CreateStatusUpdateDto,
  RecordedReviewDto,
  RecordedStatusUpdateDto,
} from './dto/status-update.dto.js';
import { TimelineRepository } from './timeline.repository.js';

/**
 * Timeline writes: status updates and reviews. Each is a change of its commitment through the
 * writer, which also resets staleness and closes the review reminder.
 */
@Injectable()
export class StatusUpdatesService {
  constructor(
    private readonly writer: CommitmentWriter,
    private readonly timeline: TimelineRepository,
    private readonly clock: Clock,
  ) {}

  addUpdate(
    staff: StaffMember,
    idOrSlug: string,
    expectedVersion: number,
    body: CreateStatusUpdateDto,
  ): Promise<RecordedStatusUpdateDto> {
    const evidenceIds = body.evidenceIds ?? [];
    const recordedAt = this.clock.now();
    const today = toIsoDate(recordedAt);
    const effectiveOn = body.effectiveOn ?? today;
    return this.writer.change(staff, idOrSlug, expectedVersion, {
      action: 'commitment.status-update',
      columns: {
        status: body.status,
        progress: body.progress,
        lastReviewedAt: recordedAt,
        staleSince: null,
      },
      reviewed: true,
      work: async (tx, before) => {
        assertWithinPledgeLife('effectiveOn', effectiveOn, before.madeOn, today);
        const unknown = await this.timeline.unknownEvidence(tx, evidenceIds);
        if (unknown.length) {
          throw validationProblem([
            { field: 'evidenceIds', messages: [`unknown evidence: ${unknown.join(', ')}`] },
          ]);
        }
        const update = {
          commitmentId: before.id,
          fromStatus: before.status,
          toStatus: body.status,
          progress: body.progress ?? before.progress,
          note: body.note,
          actor: staff.name,
        };
        const id = await this.timeline.insertUpdate(tx, {
          ...update,
          effectiveOn: fromIsoDate(effectiveOn),
          recordedAt,
          apiKeyId: staff.apiKeyId,
          evidenceIds,
        });
        return { id, ...update };
      },
      answer: ({ result, after }) => ({
        ...result,
        effectiveOn,
        recordedAt: recordedAt.toISOString(),
        evidenceIds,
        commitmentVersion: after.version,
      }),
    });
  }

  addReview(
    staff: StaffMember,
    idOrSlug: string,
    expectedVersion: number,
    body: CreateReviewDto,
  ): Promise<RecordedReviewDto> {
    const reviewedAt = this.clock.now();
    const review = { note: body.note, reviewedAt, actor: staff.name, apiKeyId: staff.apiKeyId };
    return this.writer.change(staff, idOrSlug, expectedVersion, {
      action: 'commitment.review',
      columns: { lastReviewedAt: reviewedAt, staleSince: null },
      reviewed: true,
      work: (tx, before) => this.timeline.insertReview(tx, { ...review, commitmentId: before.id }),
      answer: ({ result: id, before, after }) => ({
        id,
        commitmentId: before.id,
        note: review.note,
        reviewedAt: reviewedAt.toISOString(),
        actor: review.actor,
        commitmentVersion: after.version,
      }),
    });
  }
}
