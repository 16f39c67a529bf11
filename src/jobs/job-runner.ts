import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { ProblemException } from '../common/problem-details.js';
import { AppConfig } from '../config/app-config.js';
import type { JobRun } from '../generated/prisma/client.js';
import type { JobTrigger } from '../generated/prisma/enums.js';
import { JOBS, JobContext, type Job } from './job.js';
import { JobRunsRepository } from './job-runs.repository.js';

export class JobAlreadyRunningError extends ProblemException {
  constructor(name: string, reason: string = 'is running (here or on another instance)') {
    super(409, `The job ${name} ${reason}; this run was skipped.`);
  }
}

/**
 * Runs a job at most once at a time across all instances. The claim is one short transaction
 * holding `pg_try_advisory_xact_lock` on the job's key: inside it, a RUNNING job_run row is the
 * lease for the whole run, whose batches then commit in transactions of their own (holding one
 * transaction open across them would be the "giant transaction" the batches avoid). A lease
 * older than JOB_RUN_TIMEOUT_MS belongs to a crashed process and is closed as FAILED; a live run
 * stops itself before that. A scheduled run also gives way when another instance has already run
 * the job for the same scheduled time (every instance's cron fires for it, not quite together).
 * Skipped runs are not recorded: the caller gets JobAlreadyRunningError.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('Jobs');
  private readonly jobs: Map<string, Job>;

  constructor(
    @Inject(JOBS) jobs: Job[],
    private readonly runs: JobRunsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.jobs = new Map(jobs.map((job) => [job.name, job]));
  }

  get names(): string[] {
    return [...this.jobs.keys()];
  }

  /** `scheduledFor`: the cron time a scheduled run is for; it runs once for all instances. */
  async run(name: string, trigger: JobTrigger, scheduledFor?: Date): Promise<JobRun> {
    const job = this.jobs.get(name);
    if (!job) {
      throw new ProblemException(404, `No job named ${name}; jobs: ${this.names.join(', ')}.`);
    }
    const deadline = performance.now() + this.config.JOB_RUN_TIMEOUT_MS;
    const context = new JobContext(this.clock.now(), deadline);
    const runId = await this.claim(name, trigger, context.now, scheduledFor);
    try {
      await job.run(context);
      return await this.finish(runId, 'SUCCEEDED', context, null);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`job ${name} failed: ${message}`);
      return await this.finish(runId, 'FAILED', context, message);
    }
  }

  private async claim(
    name: string,
    trigger: JobTrigger,
    now: Date,
    scheduledFor: Date | undefined,
  ): Promise<string> {
    const abandonedBefore = new Date(now.getTime() - this.config.JOB_RUN_TIMEOUT_MS);
    const lease = await this.runs.takeLease(name, trigger, now, abandonedBefore, scheduledFor, () =>
      this.clock.now(),
    );
    if ('runId' in lease) return lease.runId;
    throw new JobAlreadyRunningError(
      name,
      lease.refused === 'ran-for-schedule' && scheduledFor
        ? `already ran for ${scheduledFor.toISOString()}`
        : undefined,
    );
  }

  private finish(
    id: string,
    outcome: 'SUCCEEDED' | 'FAILED',
    context: JobContext,
    error: string | null,
  ): Promise<JobRun> {
    return this.runs.finish(id, outcome, context.counts, error, this.clock.now());
  }
}
