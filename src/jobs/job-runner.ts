import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
} from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { settlesWithin } from '../common/graceful-shutdown.js';
import { ProblemException } from '../common/problem-details.js';
import { AppConfig } from '../config/app-config.js';
import type { JobRun } from '../generated/prisma/client.js';
import type { JobTrigger } from '../generated/prisma/enums.js';
import { JOBS, JobContext, JobStoppedError, type Job } from './job.js';
import { JobRunsRepository } from './job-runs.repository.js';

/**
 * Runs in progress when shutdown begins get JOB_SHUTDOWN_GRACE_MS to finish (the HTTP drain runs
 * meanwhile), then they stop before their next batch: this long for the batch under way and the
 * record.
 */
const SHUTDOWN_STOP_MS = 5000;

/** A run that was not started, so not recorded. */
export class JobSkippedError extends ProblemException {}

export class JobAlreadyRunningError extends JobSkippedError {
  constructor(name: string, reason: string = 'is running (here or on another instance)') {
    super(409, `The job ${name} ${reason}; this run was skipped.`);
  }
}

export class ShuttingDownError extends JobSkippedError {
  constructor(name: string) {
    super(503, `The server is shutting down; the job ${name} was not started.`);
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
 *
 * Once shutdown begins no run starts (ShuttingDownError), and the database closes only after
 * the runs in progress (scheduled, caught up or asked for) have recorded their end: each gets
 * JOB_SHUTDOWN_GRACE_MS to finish, then stops before its next batch.
 */
@Injectable()
export class JobRunner implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly jobs: Map<string, Job>;
  /** The runs in progress, each settled once its end is recorded. */
  private readonly inProgress = new Set<Promise<JobRun>>();
  /** Aborted to stop the runs in progress before their next batch. */
  private readonly stop = new AbortController();
  /** Set once shutdown begins: the runs in progress ended, or the bounds passed. */
  private shutdown: Promise<void> | null = null;

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
    if (this.shutdown) throw new ShuttingDownError(name);
    // Counted before anything is awaited, so shutdown waits for every run that has started.
    const run = this.runJob(job, trigger, scheduledFor);
    this.inProgress.add(run);
    const forget = () => this.inProgress.delete(run);
    void run.then(forget, forget);
    return run;
  }

  /** Shutdown began (Nest calls this before any beforeApplicationShutdown). */
  onModuleDestroy(): void {
    this.shutdown ??= this.endRunsInProgress();
  }

  /** The pool and the embedded database close after this. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.shutdown;
  }

  private async endRunsInProgress(): Promise<void> {
    const ended = () => Promise.allSettled(this.inProgress);
    if (await settlesWithin(ended(), this.config.JOB_SHUTDOWN_GRACE_MS)) return;
    this.stop.abort();
    if (await settlesWithin(ended(), SHUTDOWN_STOP_MS)) return;
    const left = this.inProgress.size;
    this.logger.warn(`${left} job run(s) left under way: RUNNING until JOB_RUN_TIMEOUT_MS`);
  }

  private async runJob(
    job: Job,
    trigger: JobTrigger,
    scheduledFor: Date | undefined,
  ): Promise<JobRun> {
    const deadline = performance.now() + this.config.JOB_RUN_TIMEOUT_MS;
    const context = new JobContext(this.clock.now(), deadline, this.stop.signal);
    const runId = await this.claim(job.name, trigger, context.now, scheduledFor);
    try {
      await job.run(context);
      return await this.finish(runId, 'SUCCEEDED', context, null);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof JobStoppedError) this.logger.warn(`job ${job.name} ${message}`);
      else this.logger.error(`job ${job.name} failed: ${message}`);
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
