import { Injectable } from '@nestjs/common';
import type { InstantKeyset } from '../common/pagination.js';
import { PrismaService } from '../database/prisma.service.js';
import { Sql } from '../database/sql.js';
import { Prisma, type JobRun } from '../generated/prisma/client.js';
import type { JobTrigger } from '../generated/prisma/enums.js';
import type { JobCounts } from './job.js';

export type LeaseRefusal = 'running' | 'ran-for-schedule';

/** Up to `size` finished runs started before `cutoff` (a RUNNING row is a live run's lease). */
export function deleteFinishedRunsSql(cutoff: Date, size: number): Prisma.Sql {
  return Prisma.sql`
    WITH deleted AS (
      DELETE FROM job_run WHERE id = ANY (ARRAY(
        SELECT id FROM job_run
        WHERE started_at < ${cutoff}::timestamptz AND outcome <> 'RUNNING'
        ORDER BY started_at LIMIT ${size}
        FOR UPDATE SKIP LOCKED))
      RETURNING 1
    )
    SELECT count(*)::int AS "jobRunsDeleted" FROM deleted`;
}

/** The lock that lets one instance at a time take a job's lease, until its transaction ends. */
export const jobLockSql = (name: string): Prisma.Sql => Prisma.sql`
  SELECT pg_try_advisory_xact_lock(hashtextextended(${`commitment-tracker:job:${name}`}, 0)) AS locked`;

/** The job_run table: a RUNNING row is the lease of a run, then its record. */
@Injectable()
export class JobRunsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: Sql,
  ) {}

  /**
   * Takes the lease of a run, or says why not. One short transaction holding
   * `pg_try_advisory_xact_lock` on the job's key: a lease older than `abandonedBefore` belongs to
   * a crashed process and is closed as FAILED; a scheduled run gives way when the job already ran
   * for its scheduled time.
   */
  takeLease(
    name: string,
    trigger: JobTrigger,
    now: Date,
    abandonedBefore: Date,
    scheduledFor: Date | undefined,
    startedAt: () => Date,
  ): Promise<{ runId: string } | { refused: LeaseRefusal }> {
    return this.prisma.$transaction(async (tx) => {
      const { locked } = await this.sql.row<{ locked: boolean }>(jobLockSql(name), tx);
      if (!locked) return { refused: 'running' as const };
      await tx.jobRun.updateMany({
        where: { name, outcome: 'RUNNING', startedAt: { lt: abandonedBefore } },
        data: { outcome: 'FAILED', finishedAt: now, error: 'abandoned: the run never finished' },
      });
      const running = await tx.jobRun.findFirst({
        where: { name, outcome: 'RUNNING' },
        select: { id: true },
      });
      if (running) return { refused: 'running' as const };
      if (
        scheduledFor &&
        (await tx.jobRun.findFirst({
          where: { name, trigger, startedAt: { gte: scheduledFor } },
          select: { id: true },
        }))
      ) {
        return { refused: 'ran-for-schedule' as const };
      }
      // Taken once the lease is ours, so a run's start is never before the previous one's end.
      const run = await tx.jobRun.create({ data: { name, trigger, startedAt: startedAt() } });
      return { runId: run.id };
    });
  }

  finish(
    id: string,
    outcome: 'SUCCEEDED' | 'FAILED',
    counts: JobCounts,
    error: string | null,
    finishedAt: Date,
  ): Promise<JobRun> {
    return this.prisma.jobRun.update({
      where: { id },
      data: { outcome, error, counts, finishedAt },
    });
  }

  /** Newest first, after the keyset (startedAt, id). */
  page(name: string | undefined, take: number, after: InstantKeyset | null): Promise<JobRun[]> {
    return this.prisma.jobRun.findMany({
      where: {
        name,
        ...(after && {
          OR: [
            { startedAt: { lt: new Date(after.at) } },
            { startedAt: new Date(after.at), id: { lt: after.id } },
          ],
        }),
      },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  async deleteFinishedBefore(cutoff: Date, size: number): Promise<Record<string, number>> {
    return this.sql.row<Record<string, number>>(deleteFinishedRunsSql(cutoff, size));
  }
}
