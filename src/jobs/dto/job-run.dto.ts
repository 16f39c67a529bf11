import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageInfoDto } from '../../common/pagination.js';
import { PageQueryDto } from '../../common/pagination.js';
import { JobOutcome, JobTrigger, type JobRun } from '../../generated/prisma/client.js';

export class JobRunQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only runs of this job.', example: 'stale-check' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  name?: string;
}

export class JobRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'stale-check' }) name!: string;
  @ApiProperty({ enum: JobTrigger }) trigger!: JobTrigger;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ enum: JobOutcome }) outcome!: JobOutcome;
  @ApiProperty({
    description: 'What the run did, e.g. flagged, remindersOpened, notificationsSent.',
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  counts!: Record<string, number>;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;

  static from(run: JobRun): JobRunDto {
    return {
      id: run.id,
      name: run.name,
      trigger: run.trigger,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      outcome: run.outcome,
      counts: run.counts as Record<string, number>,
      error: run.error,
    };
  }
}

export class JobRunPageDto {
  @ApiProperty({ type: [JobRunDto] }) data!: JobRunDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
