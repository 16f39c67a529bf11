import { ApiProperty } from '@nestjs/swagger';
import { PartyCode, SlugFilter } from '../../common/identifiers.js';
import { AssessmentKind } from '../../generated/prisma/enums.js';
import { COMPLIANCE_METHOD, SCORES, type Score } from '../methodology.js';

export class ComplianceQueryDto {
  @SlugFilter('Only commitments made at this event (slug).')
  event?: string;

  @SlugFilter('Only commitments with this theme (slug).')
  theme?: string;

  @PartyCode({
    optional: true,
    description: 'Only commitments this party is part of, and only its column (code).',
  })
  party?: string;
}

export class ScoreSummaryDto {
  @ApiProperty({ type: Number, nullable: true, description: 'Mean score of the assessed cells.' })
  mean!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '(mean + 1) / 2 × 100.' })
  percentage!: number | null;
  @ApiProperty({ description: 'Cells with an assessment.' }) assessed!: number;
  @ApiProperty({ description: 'Cells not yet assessed: left out of mean and percentage.' })
  unassessed!: number;
}

export interface ComplianceCellDto {
  party: string;
  score: Score;
  assessmentId: string;
  kind: AssessmentKind | null;
  assessedOn: string;
  methodologyVersion: string;
  href: string;
}

/**
 * A cell's schema, written out: OpenAPI 3.0 cannot make a referenced schema nullable, and a cell
 * is null when not assessed.
 */
const CELL_SCHEMA = {
  type: 'object',
  nullable: true,
  required: ['party', 'score', 'assessmentId', 'kind', 'assessedOn', 'methodologyVersion', 'href'],
  properties: {
    party: { type: 'string', example: 'KR' },
    score: { type: 'integer', enum: [...SCORES] },
    assessmentId: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: [...Object.values(AssessmentKind), null], nullable: true },
    assessedOn: { type: 'string', format: 'date' },
    methodologyVersion: { type: 'string' },
    href: {
      type: 'string',
      description: "The commitment's assessment history, where the rationale is.",
    },
  },
};

export class ComplianceRowDto extends ScoreSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
  @ApiProperty({
    description:
      'One entry per column (party), in the order of `parties`: the current assessment, or null when the party is not assessed yet or not a party to this commitment (see `parties` of the row).',
    type: 'array',
    items: CELL_SCHEMA,
  })
  cells!: (ComplianceCellDto | null)[];
  @ApiProperty({ type: [String], description: 'Codes of the parties to this commitment.' })
  parties!: string[];
}

export class ComplianceColumnDto extends ScoreSummaryDto {
  @ApiProperty({ example: 'KR' }) code!: string;
  @ApiProperty() name!: string;
}

export class ComplianceMatrixDto {
  @ApiProperty({
    example: COMPLIANCE_METHOD,
    description: 'How means and percentages are computed.',
  })
  method!: string;
  @ApiProperty({ example: '1', description: 'The methodology version new assessments use.' })
  methodologyVersion!: string;
  @ApiProperty({ type: [ComplianceColumnDto], description: 'The columns, by party code.' })
  parties!: ComplianceColumnDto[];
  @ApiProperty({ type: [ComplianceRowDto], description: 'The rows, by commitment title.' })
  commitments!: ComplianceRowDto[];
}
