import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob, CronTime } from 'cron';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { JOB_SCHEDULES } from './job.js';
import { JobRunner, JobSkippedError } from './job-runner.js';

/** Cron times are whole seconds, and a tick fires less than this late: enough to name its time. */
const TICK_LATENESS_MS = 1000;
/** How far back a missed scheduled time is looked for: beyond any cron expression's period. */
const LOOK_BACK_LIMIT_MS = 8 * 366 * 24 * 3600_000;
/** The longest wait before a failed scheduled run is tried again. */
const MAX_RETRY_MS = 3600_000;

/**
 * The latest time of `cronTime` at or before `now`, or null when there is none within the look
 * back limit. The cron library only counts forward, so this looks back twice as far each round:
 * the first window holding a time holds few, whatever the expression's period.
 */
export function lastScheduledTime(cronTime: CronTime, now: Date): Date | null {
  const next = (after: Date) => cronTime.getNextDateFrom(after).toJSDate();
  for (let window = 1000; window <= LOOK_BACK_LIMIT_MS; window *= 2) {
    let time = next(new Date(now.getTime() - window));
    if (time > now) continue;
    for (let later = next(time); later <= now; later = next(time)) time = later;
    return time;
  }
  return null;
}

/**
 * Runs each job on its cron expression from configuration, unless JOBS_SCHEDULE_ENABLED=false,
 * and, once the app serves, each job whose last scheduled time passed while no instance ran
 * (a new install, or all instances down then).
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private readonly cronJobs: CronJob[] = [];
  private readonly retries = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly runner: JobRunner,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.JOBS_SCHEDULE_ENABLED) return;
    for (const [name, setting] of Object.entries(JOB_SCHEDULES)) {
      const expression = this.config[setting];
      const cronTime = new CronTime(expression);
      const job = CronJob.from({
        cronTime: expression,
        name,
        start: true,
        waitForCompletion: true,
        onTick: () => this.tick(name, cronTime),
      });
      this.registry.addCronJob(name, job);
      this.cronJobs.push(job);
    }
  }

  /**
   * Runs the missed scheduled runs, one job after the other (a stale-check's reminders are then
   * dispatched at once). Each is the run for its scheduled time, so the runner's claim lets only
   * one instance have it and skips it when it ran then: a restart repeats nothing. Called by
   * main.ts after the seed, and not awaited there: the server is ready meanwhile. Once shutdown
   * has begun the runner starts none of them, and it waits for the one in progress.
   */
  async catchUp(): Promise<void> {
    if (!this.config.JOBS_SCHEDULE_ENABLED) return;
    for (const [name, setting] of Object.entries(JOB_SCHEDULES)) {
      const missed = lastScheduledTime(new CronTime(this.config[setting]), this.clock.now());
      if (missed) await this.runScheduled(name, missed);
    }
  }

  /** Shutdown began: no more ticks (the runner waits for the runs in progress). */
  onModuleDestroy(): void {
    this.stopped = true;
    for (const job of this.cronJobs) void job.stop();
    for (const retry of this.retries) clearTimeout(retry);
  }

  private async tick(name: string, cronTime: CronTime): Promise<void> {
    // The time this tick is for, the same on every instance whichever fires first.
    const scheduledFor = cronTime.getNextDateFrom(new Date(Date.now() - TICK_LATENESS_MS));
    await this.runScheduled(name, scheduledFor.toJSDate());
  }

  private async runScheduled(
    name: string,
    scheduledFor: Date,
    retryMs = this.config.JOB_RETRY_MS,
  ): Promise<void> {
    try {
      await this.runner.run(name, 'SCHEDULE', scheduledFor);
    } catch (error) {
      // Another instance has this run (expected whenever more than one runs), or shutdown began.
      if (error instanceof JobSkippedError) return this.logger.debug(error.message);
      this.logger.error(`scheduled ${name}: ${String(error)}; trying again in ${retryMs} ms`);
      this.retryLater(name, scheduledFor, retryMs);
    }
  }

  /**
   * The retry is the run for the same scheduled time: once a later scheduled run has started,
   * the runner's claim skips it, which ends the retries.
   */
  private retryLater(name: string, scheduledFor: Date, delayMs: number): void {
    if (this.stopped) return;
    const retry = setTimeout(() => {
      this.retries.delete(retry);
      void this.runScheduled(name, scheduledFor, Math.min(delayMs * 2, MAX_RETRY_MS));
    }, delayMs);
    this.retries.add(retry);
  }
}
