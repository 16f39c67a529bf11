import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../auth/staff-member.js';
import { ProblemException } from '../common/problem-details.js';
import { validationProblem } from '../common/validation.js';
import { CommitmentWriter } from '../commitments/commitment-writer.js';
import type { EvidenceLinkDto, LinkEvidenceDto } from './dto/evidence.dto.js';
import { EvidenceRepository } from './evidence.repository.js';

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
        answer: ({ result }) => result,
      },
      'This evidence is already linked to the commitment.',
    );
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
        if (!link)
          throw new ProblemException(404, 'This evidence is not linked to the commitment.');
        return link;
      },
      audited: (link) => ({ before: link }),
      answer: ({ after }) => after.version,
    });
  }
}
