import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../auth/staff-member.js';
import { ProblemException } from '../common/problem-details.js';
import { validationProblem } from '../common/validation.js';
import { CommitmentWriter } from '../commitments/commitment-writer.js';
import type { LineageLinkCreatedDto, LinkLineageDto } from './dto/lineage.dto.js';
import { LineageRepository } from './lineage.repository.js';

const earlierProblem = (message: string) =>
  validationProblem([{ field: 'earlier', messages: [message] }]);

/**
 * Lineage links, set on the later commitment (If-Match is its version). Each is a change of it
 * through its writer, and the earlier commitment gets a new version too: both show the link.
 */
@Injectable()
export class LineageService {
  constructor(
    private readonly writer: CommitmentWriter,
    private readonly lineage: LineageRepository,
  ) {}

  link(
    staff: StaffMember,
    idOrSlug: string,
    expectedVersion: number,
    body: LinkLineageDto,
  ): Promise<LineageLinkCreatedDto> {
    let earlierId = '';
    return this.writer.change(
      staff,
      idOrSlug,
      expectedVersion,
      {
        action: 'commitment.lineage-link',
        // Checked before the commitment: an unknown earlier one is a 400 whatever the version.
        columns: async (tx) => {
          const id = await this.lineage.liveId(tx, body.earlier);
          if (!id) throw earlierProblem(`no commitment with id or slug "${body.earlier}"`);
          earlierId = id;
          return {};
        },
        work: async (tx, later) => {
          if (earlierId === later.id) throw earlierProblem('a commitment cannot repeat itself');
          await this.lineage.lockLinks(tx);
          if (await this.lineage.repeats(tx, earlierId, later.id)) {
            throw new ProblemException(
              409,
              'The earlier commitment already repeats this one: the link would close a cycle.',
            );
          }
          const link = await this.lineage.link(tx, {
            laterId: later.id,
            earlierId,
            kind: body.kind,
          });
          await this.writer.bumpShowing(tx, { linkedCommitmentId: earlierId });
          return {
            ...link,
            createdAt: link.createdAt.toISOString(),
            commitmentVersion: later.version + 1,
          };
        },
        audited: (created) => ({ after: created }),
        answer: ({ result }) => result,
      },
      'This commitment is already linked to that earlier one.',
    );
  }

  /** Returns the later commitment's new version. */
  unlink(
    staff: StaffMember,
    idOrSlug: string,
    earlierId: string,
    expectedVersion: number,
  ): Promise<number> {
    return this.writer.change(staff, idOrSlug, expectedVersion, {
      action: 'commitment.lineage-unlink',
      work: async (tx, later) => {
        const link = await this.lineage.unlink(tx, later.id, earlierId);
        if (!link) throw new ProblemException(404, 'This commitment is not linked to that one.');
        await this.writer.bumpShowing(tx, { linkedCommitmentId: earlierId });
        return link;
      },
      audited: (link) => ({ before: link }),
      answer: ({ after }) => after.version,
    });
  }
}
