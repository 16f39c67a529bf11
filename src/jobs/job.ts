import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config.js';

/**
 * The job registry: each job's name and the setting that holds its cron expression, in catch-up
 * order. The names the API, the command line and the scheduler accept are these keys.
 */
export const JOB_SCHEDULES = {
  'stale-check': 'STALE_CHECK_CRON',
  'deadline-check': 'DEADLINE_CHECK_CRON',
  'dispatch-notifications': 'DISPATCH_NOTIFICATIONS_CRON',
  cleanup: 'CLEANUP_CRON',
  'send-mail': 'SEND_MAIL_CRON',
} as const satisfies Record<string, keyof AppConfig>;

export type JobName = keyof typeof JOB_SCHEDULES;

export const JOB_NAMES = Object.keys(JOB_SCHEDULES) as JobName[];

/** Counts a run reports (flagged, remindersOpened, notificationsSent, ...), stored in job_run. */
export type JobCounts = Record<string, number>;

export class JobTimeoutError extends Error {}

/** A run asked to stop because its server shuts down. */
export class JobStoppedError extends Error {}

/**
 * What a job sees of its run: the clock's "now" at the start, its counts, its time budget, and
 * the server's shutdown (`stop`).
 */
export class JobContext {
  readonly counts: JobCounts = {};

  constructor(
    readonly now: Date,
    private readonly deadline: number,
    private readonly stop: AbortSignal,
  ) {}

  add(counts: JobCounts): void {
    for (const [name, value] of Object.entries(counts)) {
      this.counts[name] = (this.counts[name] ?? 0) + value;
    }
  }

  /** A pause between batches, cut short when the server shuts down (the next batch then stops). */
  async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stop }).catch(() => undefined);
  }

  /**
   * Called before each batch: a run that overstays stops, so its lease never outlives it, and so
   * does a run whose server shuts down, so it records its end before the database closes.
   */
  assertTimeLeft(): void {
    if (this.stop.aborted) {
      throw new JobStoppedError('stopped: the server shut down; the next run continues');
    }
    if (performance.now() > this.deadline) {
      throw new JobTimeoutError('stopped at JOB_RUN_TIMEOUT_MS; the next run continues');
    }
  }
}

/** A scheduled job: idempotent, so a run that stops half way is finished by the next one. */
export interface Job {
  readonly name: JobName;
  run(context: JobContext): Promise<void>;
}

export const JOBS = Symbol('JOBS');
