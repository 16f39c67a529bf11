import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { ProblemException } from '../common/problem-details.js';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { Prisma, type JobRun } from '../generated/prisma/client.js';
import type { JobTrigger } from '../generated/prisma/enums.js';
import { JOBS, JobContext, type Job } from './job.js';

export class JobAlreadyRunningError extends ProblemException {
  constructor(name: string, reason = 'is running (here or on another instance)') {
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
    private readonly prisma: PrismaService,
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

  private claim(
    name: string,
    trigger: JobTrigger,
    now: Date,
    scheduledFor: Date | undefined,
  ): Promise<string> {
    const abandonedBefore = new Date(now.getTime() - this.config.JOB_RUN_TIMEOUT_MS);
    return this.prisma.$transaction(async (tx) => {
      const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>(Prisma.sql`
        SELECT pg_try_advisory_xact_lock(hashtextextended(${`commitment-tracker:job:${name}`}, 0)) AS locked`);
      if (!locked) throw new JobAlreadyRunningError(name);
      await tx.jobRun.updateMany({
        where: { name, outcome: 'RUNNING', startedAt: { lt: abandonedBefore } },
        data: { outcome: 'FAILED', finishedAt: now, error: 'abandoned: the run never finished' },
      });
      if (
        await tx.jobRun.findFirst({ where: { name, outcome: 'RUNNING' }, select: { id: true } })
      ) {
        throw new JobAlreadyRunningError(name);
      }
      if (
        scheduledFor &&
        (await tx.jobRun.findFirst({
          where: { name, trigger, startedAt: { gte: scheduledFor } },
          select: { id: true },
        }))
      ) {
        throw new JobAlreadyRunningError(name, `already ran for ${scheduledFor.toISOString()}`);
      }
      // Taken once the lease is ours, so a run's start is never before the previous one's end.
      const run = await tx.jobRun.create({ data: { name, trigger, startedAt: this.clock.now() } });
      return run.id;
    });
  }

  private finish(
    id: string,
    outcome: 'SUCCEEDED' | 'FAILED',
    context: JobContext,
    error: string | null,
  ): Promise<JobRun> {
    return this.prisma.jobRun.update({
      where: { id },
      data: { outcome, error, counts: context.counts, finishedAt: this.clock.now() },
    });
  }
}
