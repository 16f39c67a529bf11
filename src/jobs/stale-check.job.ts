import { Injectable } from '@nestjs/common';
import { CommitmentWriter } from '../commitments/commitment-writer.js';
import type { StalenessBatch } from '../commitments/commitment-writes.repository.js';
import { AppConfig } from '../config/app-config.js';
import { runBatches } from './commitment-batches.js';
import type { Job, JobContext } from './job.js';

/**
 * Flags open commitments nobody has reviewed within their interval: `stale_since` and one OPEN
 * REVIEW_DUE reminder (with its notification). Archived or terminal commitments lose their flag
 * (the staff API clears it on a terminal status; archiving keeps it until this job runs).
 * A change of staleness is a change of the public representation, so it bumps the version (the
 * ETag): a cached copy revalidates, and staff holding the old ETag get 412 and see the flag.
 *
 * It reads only the commitments it changes, through partial indexes (the stale_check_due
 * migration): a daily run over a million commitments touches the few thousand that fell due.
 * Each batch is one statement of at most STALE_CHECK_BATCH_SIZE rows, repeated until one comes short.
 */
@Injectable()
export class StaleCheckJob implements Job {
  readonly name = 'stale-check';

  constructor(
    private readonly commitments: CommitmentWriter,
    private readonly config: AppConfig,
  ) {}

  async run(context: JobContext): Promise<void> {
    const size = this.config.STALE_CHECK_BATCH_SIZE;
    await this.repeat(context, () =>
      this.commitments.flagDueReviews(context.now, size, this.config.REVIEW_INTERVAL_DAYS),
    );
    await this.repeat(context, () => this.commitments.unflagClosed(size));
  }

  /** A batch, again until one selects fewer rows than a batch. */
  private async repeat(context: JobContext, batch: () => Promise<StalenessBatch>): Promise<void> {
    await runBatches(context, this.config.JOB_YIELD_RATIO, async () => {
      const { selected, ...counts } = await batch();
      context.add(counts);
      return selected === this.config.STALE_CHECK_BATCH_SIZE;
    });
  }
}
