/** Counts a run reports (flagged, remindersOpened, notificationsSent, ...), stored in job_run. */
export type JobCounts = Record<string, number>;

export class JobTimeoutError extends Error {}

/** What a job sees of its run: the clock's "now" at the start, its counts, and its time budget. */
export class JobContext {
  readonly counts: JobCounts = {};

  constructor(
    readonly now: Date,
    private readonly deadline: number,
  ) {}

  add(counts: JobCounts): void {
    for (const [name, value] of Object.entries(counts)) {
      this.counts[name] = (this.counts[name] ?? 0) + value;
    }
  }

  /** Called before each batch: a run that overstays stops, so its lease never outlives it. */
  assertTimeLeft(): void {
    if (performance.now() > this.deadline) {
      throw new JobTimeoutError('stopped at JOB_RUN_TIMEOUT_MS; the next run continues');
    }
  }
}

/** A scheduled job: idempotent, so a run that stops half way is finished by the next one. */
export interface Job {
  readonly name: string;
  run(context: JobContext): Promise<void>;
}

export const JOBS = Symbol('JOBS');
