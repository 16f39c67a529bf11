import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob, CronTime } from 'cron';
import { AppConfig } from '../config/app-config.js';
import { JobAlreadyRunningError, JobRunner } from './job-runner.js';

/** Cron times are whole seconds, and a tick fires less than this late: enough to name its time. */
const TICK_LATENESS_MS = 1000;

/** Runs each job on its cron expression from configuration, unless JOBS_SCHEDULE_ENABLED=false. */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly cronJobs: CronJob[] = [];

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly runner: JobRunner,
  ) {}

  private get schedule(): Record<string, string> {
    return {
      'stale-check': this.config.STALE_CHECK_CRON,
      'deadline-check': this.config.DEADLINE_CHECK_CRON,
      'dispatch-notifications': this.config.DISPATCH_NOTIFICATIONS_CRON,
      cleanup: this.config.CLEANUP_CRON,
    };
  }

  onApplicationBootstrap(): void {
    if (!this.config.JOBS_SCHEDULE_ENABLED) return;
    for (const [name, expression] of Object.entries(this.schedule)) {
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

  /** Lets a scheduled run in progress finish before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.cronJobs.map(async (job) => job.stop()));
  }

  private async tick(name: string, cronTime: CronTime): Promise<void> {
    // The time this tick is for, the same on every instance whichever fires first.
    const scheduledFor = cronTime.getNextDateFrom(new Date(Date.now() - TICK_LATENESS_MS));
    try {
      await this.runner.run(name, 'SCHEDULE', scheduledFor.toJSDate());
    } catch (error) {
      // Another instance has this tick: expected whenever more than one instance runs.
      if (error instanceof JobAlreadyRunningError) return this.logger.debug(error.message);
      this.logger.error(`scheduled ${name}: ${String(error)}`);
    }
  }
}
