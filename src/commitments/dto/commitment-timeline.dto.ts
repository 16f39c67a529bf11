import { ApiProperty } from '@nestjs/swagger';
import { CommitmentStatus, EvidenceStance } from '../../generated/prisma/enums.js';
import { PageInfoDto } from '../../common/pagination.js';

export class EvidenceSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) publisher!: string | null;
  @ApiProperty({ nullable: true, type: String }) author!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) publishedOn!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'en' }) language!: string | null;
  @ApiProperty({ nullable: true, type: String }) excerpt!: string | null;
}

export class LinkedEvidenceDto extends EvidenceSummaryDto {
  @ApiProperty({ enum: EvidenceStance }) stance!: EvidenceStance;
  @ApiProperty({ nullable: true, type: String, description: 'Why it is linked.' })
  note!: string | null;
}

export class LinkedEvidenceListDto {
  @ApiProperty({ type: [LinkedEvidenceDto] }) data!: LinkedEvidenceDto[];
}

export class StatusUpdateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CommitmentStatus }) fromStatus!: CommitmentStatus;
  @ApiProperty({ enum: CommitmentStatus }) toStatus!: CommitmentStatus;
  @ApiProperty({ nullable: true, type: Number, minimum: 0, maximum: 100 }) progress!: number | null;
  @ApiProperty({ description: 'The rationale.' }) note!: string;
  @ApiProperty({ format: 'date', description: 'When it happened in the world.' })
  effectiveOn!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded.' }) recordedAt!: string;
  @ApiProperty({
    description:
      'The public byline (PUBLIC_BYLINE), the same on every entry: never the staff member who recorded it.',
    example: 'Commitment Tracker',
  })
  actor!: string;
  @ApiProperty({ type: [EvidenceSummaryDto] }) evidence!: EvidenceSummaryDto[];
}

export class StatusUpdatePageDto {
  @ApiProperty({ type: [StatusUpdateDto] }) data!: StatusUpdateDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

/** "Checked, nothing changed": resets staleness without a status change. */
export class ReviewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'date-time' }) reviewedAt!: string;
}

export class ReviewPageDto {
  @ApiProperty({ type: [ReviewDto] }) data!: ReviewDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
