import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date.js';
import { CommitmentStatus } from '../../generated/prisma/enums.js';
import { RequiredText } from '../../common/text-fields.js';
import { EvidenceIds } from '../../evidence/dto/evidence-ids.js';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** The rationale: required on every update, so leaving FULFILLED or BROKEN always says why. */
class NoteDto {
  @ApiProperty({ description: 'Why: required, never blank.' })
  @Transform(trim)
  @RequiredText(10000)
  note!: string;
}

export class CreateReviewDto extends NoteDto {}

export class CreateStatusUpdateDto extends NoteDto {
  @ApiProperty({ enum: CommitmentStatus })
  @IsEnum(CommitmentStatus)
  status!: CommitmentStatus;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  progress?: number;

  @ApiPropertyOptional({
    format: 'date',
    description:
      'When it happened in the world: not in the future, not before the pledge. Default today.',
  })
  @IsOptional()
  @IsCalendarDate()
  effectiveOn?: string;

  @EvidenceIds()
  evidenceIds?: string[];
}

export class RecordedStatusUpdateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) commitmentId!: string;
  @ApiProperty({ enum: CommitmentStatus }) fromStatus!: CommitmentStatus;
  @ApiProperty({ enum: CommitmentStatus }) toStatus!: CommitmentStatus;
  @ApiProperty({ nullable: true, type: Number }) progress!: number | null;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'date' }) effectiveOn!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) evidenceIds!: string[];
  @ApiProperty({ description: 'The commitment version after this update (its new ETag).' })
  commitmentVersion!: number;
}

export class RecordedReviewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) commitmentId!: string;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'date-time' }) reviewedAt!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ description: 'The commitment version after this review (its new ETag).' })
  commitmentVersion!: number;
}
