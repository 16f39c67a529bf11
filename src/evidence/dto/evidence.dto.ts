import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { EvidenceSummaryDto } from '../../commitments/dto/commitment-timeline.dto.js';
import { IsCalendarDate } from '../../common/calendar-date.js';
import { EvidenceStance } from '../../generated/prisma/enums.js';
import { RequiredText, OptionalText } from '../../common/text-fields.js';

export class CreateEvidenceDto {
  @ApiProperty({ format: 'uri', description: 'Normalized before it is stored; unique.' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty()
  @RequiredText(500)
  title!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalText(200)
  publisher?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalText(200)
  author?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  publishedOn?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'en' })
  @OptionalText(35)
  language?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalText(5000)
  excerpt?: string | null;
}

export class UpdateEvidenceDto extends PartialType(CreateEvidenceDto, {
  skipNullProperties: false,
}) {}

/** An evidence row as staff see it: the public summary and its bookkeeping times. */
export class EvidenceDto extends EvidenceSummaryDto {
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class LinkEvidenceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  evidenceId!: string;

  @ApiProperty({ enum: EvidenceStance })
  @IsEnum(EvidenceStance)
  stance!: EvidenceStance;

  @ApiPropertyOptional()
  @OptionalText(2000)
  note?: string;
}

/** A linked article's new stance. */
export class ChangeStanceDto extends PickType(LinkEvidenceDto, ['evidenceId', 'stance'] as const) {}

export class EvidenceLinkDto {
  @ApiProperty({ format: 'uuid' }) commitmentId!: string;
  @ApiProperty({ format: 'uuid' }) evidenceId!: string;
  @ApiProperty({ enum: EvidenceStance }) stance!: EvidenceStance;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'The commitment version after linking (its new ETag).' })
  commitmentVersion!: number;
}
