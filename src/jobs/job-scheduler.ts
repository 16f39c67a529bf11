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

/** Each scheduled job and the setting that holds its cron expression. */
const SCHEDULE_SETTINGS = {
  'stale-check': 'STALE_CHECK_CRON',
  'deadline-check': 'DEADLINE_CHECK_CRON',
  'dispatch-notifications': 'DISPATCH_NOTIFICATIONS_CRON',
  cleanup: 'CLEANUP_CRON',
} as const satisfies Record<string, keyof AppConfig>;

export const SCHEDULED_JOBS = Object.keys(SCHEDULE_SETTINGS);

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

  onApplicationBootstrap(): void {
    if (!this.config.JOBS_SCHEDULE_ENABLED) return;
    for (const [name, setting] of Object.entries(SCHEDULE_SETTINGS)) {
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
