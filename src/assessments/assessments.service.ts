import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../auth/staff-member.js';
import { Clock } from '../clock/clock.js';
import { fromIsoDate, toIsoDate } from '../common/dates.js';
import type { Page, PageQueryDto } from '../common/pagination.js';
import { ProblemException, type FieldError } from '../common/problem-details.js';
import { validationProblem } from '../common/validation.js';
import { assertWithinPledgeLife } from '../commitments/commitment-rules.js';
import { CommitmentWriter } from '../commitments/commitment-writer.js';
import { CommitmentsService } from '../commitments/commitments.service.js';
import { AppConfig } from '../config/app-config.js';
import { AssessmentsRepository, type MatrixFilter } from './assessments.repository.js';
import { toComplianceMatrix } from './compliance-matrix.js';
import type {
  AssessmentDto,
  CreateAssessmentDto,
  RecordedAssessmentDto,
} from './dto/assessment.dto.js';
import type { ComplianceMatrixDto } from './dto/compliance.dto.js';
import { METHODOLOGY_VERSION } from './methodology.js';

/** The most commitments one matrix holds: a wider one is refused, to be narrowed by a filter. */
export const MAX_MATRIX_COMMITMENTS = 1000;

const tooWide = () =>
  new ProblemException(
    400,
    `The matrix would hold more than ${MAX_MATRIX_COMMITMENTS} commitments: narrow it with event, theme or party.`,
    {
      errors: ['event', 'theme', 'party'].map((field) => ({
        field,
        messages: [`narrows the matrix to at most ${MAX_MATRIX_COMMITMENTS} commitments`],
      })),
    },
  );

/** Per-party compliance assessments: written through the commitment's writer, read as a matrix. */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly writer: CommitmentWriter,
    private readonly commitments: CommitmentsService,
    private readonly assessments: AssessmentsRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * A new assessment of one party: a change of the commitment (its ETag moves, the audit entry
   * shows the assessment). The party must be one of the commitment's, the evidence linked to it.
   */
  add(
    staff: StaffMember,
    idOrSlug: string,
    expectedVersion: number,
    body: CreateAssessmentDto,
  ): Promise<RecordedAssessmentDto> {
    const createdAt = this.clock.now();
    const today = toIsoDate(createdAt);
    const assessedOn = body.assessedOn ?? today;
    const evidenceIds = body.evidenceIds ?? [];
    return this.writer.change(staff, idOrSlug, expectedVersion, {
      action: 'commitment.assessment',
      work: async (tx, before) => {
        assertWithinPledgeLife('assessedOn', assessedOn, before.madeOn, today);
        const partyId = await this.assessments.partyOf(tx, before.id, body.party);
        const unlinked = await this.assessments.unlinkedEvidence(tx, before.id, evidenceIds);
        const problems: FieldError[] = [];
        if (!partyId) {
          problems.push({ field: 'party', messages: [`${body.party} is not a party to it`] });
        }
        if (unlinked.length) {
          const list = unlinked.join(', ');
          problems.push({ field: 'evidenceIds', messages: [`not linked to it: ${list}`] });
        }
        if (problems.length) throw validationProblem(problems);
        const assessment = {
          commitmentId: before.id,
          score: body.score,
          rationale: body.rationale,
          kind: body.kind ?? null,
          methodologyVersion: METHODOLOGY_VERSION,
          actor: staff.name,
        };
        const id = await this.assessments.insert(tx, {
          ...assessment,
          partyId: partyId!,
          assessedOn: fromIsoDate(assessedOn),
          createdAt,
          apiKeyId: staff.apiKeyId,
          evidenceIds,
        });
        return {
          id,
          ...assessment,
          party: body.party,
          assessedOn,
          createdAt: createdAt.toISOString(),
          evidenceIds,
        };
      },
      audited: (assessment) => ({ after: assessment }),
      announced: ({ id, party, score, assessedOn }) => ({
        type: 'assessment.recorded',
        data: { assessment: { id, party, score, assessedOn } },
      }),
      answer: ({ result, after }) => ({ ...result, commitmentVersion: after.version }),
    });
  }

  /** A public commitment's assessments, newest first: one SQL statement. */
  history(idOrSlug: string, page: PageQueryDto): Promise<Page<AssessmentDto>> {
    return this.commitments.pageOfCommitment(
      idOrSlug,
      page,
      (take, after) => this.assessments.findHistoryPage(idOrSlug, take, after),
      (row) => row.createdAt,
      (row) => ({
        ...row,
        assessedOn: toIsoDate(row.assessedOn),
        createdAt: row.createdAt.toISOString(),
        actor: this.config.PUBLIC_BYLINE,
      }),
    );
  }

  /** The matrix of the filter's public commitments: one SQL statement, summed up here. */
  async matrix(filter: MatrixFilter): Promise<ComplianceMatrixDto> {
    const cells = await this.assessments.findMatrix(filter, MAX_MATRIX_COMMITMENTS + 1);
    if (new Set(cells.map((cell) => cell.id)).size > MAX_MATRIX_COMMITMENTS) throw tooWide();
    return toComplianceMatrix(cells);
  }
}
