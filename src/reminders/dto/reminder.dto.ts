import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageInfoDto } from '../../common/pagination.js';
import { PageQueryDto } from '../../common/pagination.js';
import { OptionalText, RequiredText } from '../../common/text-fields.js';
import { ReminderKind, ReminderState } from '../../generated/prisma/enums.js';

export class ReminderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ReminderState })
  @IsOptional()
  @IsIn(Object.values(ReminderState))
  state?: ReminderState;

  @ApiPropertyOptional({ enum: ReminderKind })
  @IsOptional()
  @IsIn(Object.values(ReminderKind))
  kind?: ReminderKind;

  @ApiPropertyOptional({ description: 'Commitment id or slug.' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  commitment?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Due at or after this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Due before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueBefore?: string;
}

export class ReminderCommitmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() title!: string;
}

export class ReminderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ReminderKind }) kind!: ReminderKind;
  @ApiProperty({ enum: ReminderState }) state!: ReminderState;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ type: ReminderCommitmentDto }) commitment!: ReminderCommitmentDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ReminderPageDto {
  @ApiProperty({ type: [ReminderDto] }) data!: ReminderDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

const CLOSING_STATES = [ReminderState.DONE, ReminderState.CANCELLED] as const;

export class UpdateReminderDto {
  @ApiPropertyOptional({
    enum: CLOSING_STATES,
    description: 'Close the reminder (not a REVIEW_DUE one: a review of its commitment closes it).',
  })
  @IsOptional()
  @IsIn(CLOSING_STATES)
  state?: (typeof CLOSING_STATES)[number];

  @ApiPropertyOptional({ format: 'date-time', description: 'Snooze: due again at this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueAt?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @OptionalText(2000)
  note?: string | null;
}

export class CreateReminderDto {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  dueAt!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @RequiredText(2000)
  note?: string;
}

export class CalendarTokenDto {
  @ApiProperty({ description: 'Shown once; a new token replaces the previous one.' })
  token!: string;
  @ApiProperty({ description: 'The subscription URL for calendar apps.' }) url!: string;
}
