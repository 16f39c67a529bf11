import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date.js';
import { PartyCode } from '../../common/identifiers.js';
import { PageInfoDto } from '../../common/pagination.js';
import { RequiredText } from '../../common/text-fields.js';
import { EvidenceSummaryDto } from '../../commitments/dto/commitment-timeline.dto.js';
import { EvidenceIds } from '../../evidence/dto/evidence-ids.js';
import { AssessmentKind } from '../../generated/prisma/enums.js';
import { SCORES, type Score } from '../methodology.js';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

const SCORE_DESCRIPTION =
  '+1 full or nearly full compliance, 0 partial or work in progress, -1 no compliance.';

export class CreateAssessmentDto {
  @PartyCode({ description: 'The party assessed: one of the commitment’s parties (code).' })
  party!: string;

  @ApiProperty({ enum: SCORES, type: 'integer', description: SCORE_DESCRIPTION })
  @IsInt()
  @IsIn(SCORES, { message: '$property must be -1, 0 or 1' })
  score!: Score;

  @ApiProperty({ description: 'Why this score: required, never blank.' })
  @Transform(trim)
  @RequiredText(10000)
  rationale!: string;

  @EvidenceIds('Evidence the score rests on: each must be linked to the commitment.')
  evidenceIds?: string[];

  @ApiPropertyOptional({ enum: AssessmentKind })
  @IsOptional()
  @IsEnum(AssessmentKind)
  kind?: AssessmentKind;

  @ApiPropertyOptional({
    format: 'date',
    description:
      'When the party was assessed: not in the future, not before the pledge. Default today.',
  })
  @IsOptional()
  @IsCalendarDate()
  assessedOn?: string;
}

/** What every assessment shows, staff's answer and the public history alike. */
class AssessmentFieldsDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SCORES, type: 'integer', description: SCORE_DESCRIPTION }) score!: Score;
  @ApiProperty() rationale!: string;
  @ApiProperty({ type: String, enum: [...Object.values(AssessmentKind), null], nullable: true })
  kind!: AssessmentKind | null;
  @ApiProperty({ format: 'date' }) assessedOn!: string;
  @ApiProperty({
    description: 'The methodology version it was made under (see /methodology).',
    example: '1',
  })
  methodologyVersion!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded.' }) createdAt!: string;
}

export class RecordedAssessmentDto extends AssessmentFieldsDto {
  @ApiProperty({ format: 'uuid' }) commitmentId!: string;
  @ApiProperty({ example: 'KR' }) party!: string;
  @ApiProperty({ description: 'The staff member who made it.' }) actor!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) evidenceIds!: string[];
  @ApiProperty({ description: 'The commitment version after this assessment (its new ETag).' })
  commitmentVersion!: number;
}

export class AssessedPartyDto {
  @ApiProperty({ example: 'KR' }) code!: string;
  @ApiProperty() name!: string;
}

export class AssessmentDto extends AssessmentFieldsDto {
  @ApiProperty({ type: AssessedPartyDto }) party!: AssessedPartyDto;
  @ApiProperty({
    description: 'The public byline (PUBLIC_BYLINE): never the staff member who made it.',
  })
  actor!: string;
  @ApiProperty({ type: [EvidenceSummaryDto] }) evidence!: EvidenceSummaryDto[];
}

export class AssessmentPageDto {
  @ApiProperty({ type: [AssessmentDto] }) data!: AssessmentDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
