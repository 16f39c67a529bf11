import { Injectable } from '@nestjs/common';
import { AuditedTransaction } from '../audit/audited-transaction.js';
import type { StaffMember } from '../auth/staff-member.js';
import { ProblemException } from '../common/problem-details.js';
import { validationProblem } from '../common/validation.js';
import { claimCommitmentVersion } from '../commitments/writes/versioned-commitment.js';
import type { EvidenceLinkDto, LinkEvidenceDto } from './dto/evidence.dto.js';

/** Links between commitments and evidence: each is a change of the commitment (If-Match). */
@Injectable()
export class CommitmentEvidenceService {
  constructor(private readonly writes: AuditedTransaction) {}

  link(
    staff: StaffMember,
    commitmentId: string,
    expectedVersion: number,
    body: LinkEvidenceDto,
  ): Promise<EvidenceLinkDto> {
    return this.writes.run(
      staff,
      async ({ tx, audit }) => {
        const evidence = await tx.evidence.findUnique({
          where: { id: body.evidenceId },
          select: { id: true },
        });
        if (!evidence) {
          throw validationProblem([
            { field: 'evidenceId', messages: [`unknown evidence: ${body.evidenceId}`] },
          ]);
        }
        const before = await claimCommitmentVersion(tx, commitmentId, expectedVersion);
        const link = await tx.commitmentEvidence.create({
          data: { commitmentId, ...body },
        });
        const created = {
          ...link,
          createdAt: link.createdAt.toISOString(),
          commitmentVersion: before.version + 1,
        };
        await audit({
          action: 'commitment.evidence-link',
          entityType: 'commitment',
          entityId: commitmentId,
          after: created,
        });
        return created;
      },
      'This evidence is already linked to the commitment.',
    );
  }

  /** Returns the commitment's new version. */
  unlink(
    staff: StaffMember,
    commitmentId: string,
    evidenceId: string,
    expectedVersion: number,
  ): Promise<number> {
    return this.writes.run(staff, async ({ tx, audit }) => {
      const before = await claimCommitmentVersion(tx, commitmentId, expectedVersion);
      const key = { commitmentId_evidenceId: { commitmentId, evidenceId } };
      const link = await tx.commitmentEvidence.findUnique({ where: key });
      if (!link) {
        throw new ProblemException(404, 'This evidence is not linked to the commitment.');
      }
      await tx.commitmentEvidence.delete({ where: key });
      await audit({
        action: 'commitment.evidence-unlink',
        entityType: 'commitment',
        entityId: commitmentId,
        before: link,
      });
      return before.version + 1;
    });
  }
}
