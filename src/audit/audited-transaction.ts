import { Injectable } from '@nestjs/common';
import { ProblemException } from '../common/problem-details.js';
import { conflictOnDuplicate } from '../common/unique-conflict.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { currentIdempotentRequest } from '../idempotency/idempotent-request.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { AuditRepository, type AuditActor, type AuditRecord } from './audit.repository.js';

/** What the work of one staff write is given: its transaction and its audit log. */
export interface AuditedWrite {
  tx: Prisma.TransactionClient;
  audit: (entry: AuditRecord) => Promise<void>;
}

/**
 * The one transaction of every staff write: its changes, its audit entries and the answer kept
 * for its Idempotency-Key commit together or not at all, so a retry after any fault either
 * replays a committed answer or does the work once.
 */
@Injectable()
export class AuditedTransaction {
  constructor(
    private readonly prisma: PrismaService,
    private readonly auditLog: AuditRepository,
    private readonly idempotency: IdempotencyStore,
  ) {}

  /** `duplicate`: the 409 detail when the write hits a unique constraint (a slug taken meanwhile). */
  run<T>(
    staff: AuditActor,
    work: (write: AuditedWrite) => Promise<T>,
    duplicate?: string,
  ): Promise<T> {
    const write = () =>
      this.prisma.$transaction(async (tx) => {
        const pending = currentIdempotentRequest();
        const idempotent = pending && !pending.recorded ? pending : undefined;
        if (idempotent && !(await this.idempotency.claimWithin(tx, idempotent))) {
          // The interceptor replays the answer that was committed meanwhile.
          throw new ProblemException(409, 'This Idempotency-Key has been answered meanwhile.');
        }
        const result = await work({
          tx,
          audit: (entry) => this.auditLog.record(tx, staff, entry),
        });
        if (idempotent) await this.idempotency.completeWithin(tx, idempotent, result);
        return result;
      });
    return duplicate === undefined ? write() : conflictOnDuplicate(write, duplicate);
  }
}
