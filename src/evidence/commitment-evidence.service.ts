import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../auth/staff-member.js';
import { ProblemException } from '../common/problem-details.js';
import { validationProblem } from '../common/validation.js';
import { CommitmentWriter } from '../commitments/commitment-writer.js';
import type { ChangeStanceDto, EvidenceLinkDto, LinkEvidenceDto } from './dto/evidence.dto.js';
import { EvidenceRepository } from './evidence.repository.js';

const NOT_LINKED = 'This evidence is not linked to the commitment.';

/** Links between commitments and evidence: each is a change of the commitment (If-Match). */
@Injectable()
export class CommitmentEvidenceService {
  constructor(
    private readonly writer: CommitmentWriter,
    private readonly evidence: EvidenceRepository,
  ) {}

  link(
    staff: StaffMember,
    idOrSlug: string,
    expectedVersion: number,
    body: LinkEvidenceDto,
  ): Promise<EvidenceLinkDto> {
    return this.writer.change(
      staff,
      idOrSlug,
      expectedVersion,
      {
        action: 'commitment.evidence-link',
        // Checked before the commitment: an unknown article is a 400 whatever the version.
        columns: async (tx) => {
          if (!(await this.evidence.exists(tx, body.evidenceId))) {
            throw validationProblem([
              { field: 'evidenceId', messages: [`unknown evidence: ${body.evidenceId}`] },
            ]);
          }
          return {};
        },
        work: async (tx, before) => {
          const link = await this.evidence.link(tx, { commitmentId: before.id, ...body });
          return {
            ...link,
            createdAt: link.createdAt.toISOString(),
            commitmentVersion: before.version + 1,
          };
        },
        audited: (created) => ({ after: created }),
        announced: ({ evidenceId, stance }) => ({
          type: 'evidence.linked',
          data: { evidence: { id: evidenceId, stance } },
        }),
        answer: ({ result }) => result,
      },
      'This evidence is already linked to the commitment.',
    );
  }

  /** The link keeps its article, note and date; returns the commitment's new version. */
  changeStance(
    staff: StaffMember,
    idOrSlug: string,
    expectedVersion: number,
    body: ChangeStanceDto,
  ): Promise<number> {
    return this.writer.change(staff, idOrSlug, expectedVersion, {
      action: 'commitment.evidence-stance',
      work: async (tx, before) => {
        const change = await this.evidence.changeStance(tx, before.id, body);
        if (!change) throw new ProblemException(404, NOT_LINKED);
        return change;
      },
      audited: (change) => change,
      answer: ({ after }) => after.version,
    });
  }

  /** Returns the commitment's new version. */
  unlink(
    staff: StaffMember,
    idOrSlug: string,
    evidenceId: string,
    expectedVersion: number,
  ): Promise<number> {
    return this.writer.change(staff, idOrSlug, expectedVersion, {
      action: 'commitment.evidence-unlink',
      work: async (tx, before) => {
        const link = await this.evidence.unlink(tx, before.id, evidenceId);
        if (!link) throw new ProblemException(404, NOT_LINKED);
        return link;
      },
      audited: (link) => ({ before: link }),
      answer: ({ after }) => after.version,
    });
  }
}
