import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { StaffOnly } from '../auth/staff.decorators.js';
import { API_PREFIX } from '../common/api.js';
import { ApiIdempotencyKey } from '../idempotency/idempotency.interceptor.js';
import { decodeInstantKeyset, toPage } from '../common/pagination.js';
import { JobRunDto, JobRunPageDto, JobRunQueryDto } from './dto/job-run.dto.js';
import { JOB_NAMES } from './job.js';
import { JobRunner } from './job-runner.js';
import { JobRunsRepository } from './job-runs.repository.js';

@ApiTags('jobs')
@StaffOnly('admin')
@Controller(`${API_PREFIX}/jobs`)
export class JobsController {
  constructor(
    private readonly runner: JobRunner,
    private readonly jobRuns: JobRunsRepository,
  ) {}

  @Get('runs')
  @ApiOkResponse({ type: JobRunPageDto, description: 'Newest run first.' })
  async runs(@Query() query: JobRunQueryDto): Promise<JobRunPageDto> {
    const after = query.cursor ? decodeInstantKeyset(query.cursor) : null;
    const rows = await this.jobRuns.page(query.name, query.limit + 1, after);
    return toPage(
      rows,
      query.limit,
      (run) => [run.startedAt.toISOString(), run.id],
      (run) => JobRunDto.from(run),
    );
  }

  @Post(':name/run')
  @ApiIdempotencyKey()
  @HttpCode(200)
  @ApiParam({ name: 'name', enum: JOB_NAMES })
  @ApiOkResponse({ type: JobRunDto, description: 'The finished run (its outcome may be FAILED).' })
  @ApiNotFoundResponse({ description: 'No job of that name.' })
  @ApiConflictResponse({ description: 'The job is running here or on another instance.' })
  async run(@Param('name') name: string): Promise<JobRunDto> {
    return JobRunDto.from(await this.runner.run(name, 'API'));
  }
}
