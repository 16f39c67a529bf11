import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { RemindersRepository } from '../reminders/reminders.repository.js';
import { walkInIdOrder } from './commitment-batches.js';
import type { Job, JobContext } from './job.js';

/**
 * Opens DEADLINE_APPROACHING and DEADLINE_PASSED reminders for open commitments by their target
 * date (see openDeadlineRemindersSql), walking every commitment a batch at a time.
 */
@Injectable()
export class DeadlineCheckJob implements Job {
  readonly name = 'deadline-check';

  constructor(
    private readonly reminders: RemindersRepository,
    private readonly config: AppConfig,
  ) {}

  run(context: JobContext): Promise<void> {
    const window = {
      now: context.now,
      windowDays: this.config.DEADLINE_WINDOW_DAYS,
      size: this.config.JOB_BATCH_SIZE,
    };
    return walkInIdOrder(context, this.config.JOB_YIELD_RATIO, (after) =>
      this.reminders.openDeadlineReminders(after, window),
    );
  }
}
