import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { isWriteConflict } from '../common/database-errors.js';
import { ProblemException } from '../common/problem-details.js';
import { conflictOnDuplicate } from '../common/unique-conflict.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import {
  currentIdempotentRequest,
  type IdempotentRequest,
} from '../idempotency/idempotent-request.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { AuditRepository, type AuditActor, type AuditRecord } from './audit.repository.js';

/** What the work of one staff write is given: its transaction and its audit log. */
export interface AuditedWrite {
  tx: Prisma.TransactionClient;
  audit: (entry: AuditRecord) => Promise<void>;
}

/**
 * How often a write that lost a deadlock or serialization race is run again: PostgreSQL rolled
 * it back whole (its Idempotency-Key claim too), so running it again is safe, and a client should
 * not see a 503 for what the server can settle itself.
 */
const WRITE_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 20;

/**
 * The one transaction of every staff write: its changes, its audit entries and the answer kept
 * for its Idempotency-Key commit together or not at all, so a retry after any fault either
 * replays a committed answer or does the work once.
 */
@Injectable()
export class AuditedTransaction {
  /** The write of `runAll` that writes started inside it join. */
  private readonly enclosing = new AsyncLocalStorage<AuditedWrite>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly auditLog: AuditRepository,
    private readonly idempotency: IdempotencyStore,
  ) {}

  /** `duplicate`: the 409 detail when the write hits a unique constraint (a slug taken meanwhile). */
  async run<T>(
    staff: AuditActor,
    work: (write: AuditedWrite) => Promise<T>,
    duplicate?: string,
  ): Promise<T> {
    const outer = this.enclosing.getStore();
    const pending = currentIdempotentRequest();
    const idempotent = pending && !pending.recorded ? pending : undefined;
    const write = () => (outer ? work(outer) : this.once(staff, work, idempotent));
    if (outer) return duplicate === undefined ? write() : conflictOnDuplicate(write, duplicate);
    for (let attempt = 1; ; attempt++) {
      try {
        return await (duplicate === undefined ? write() : conflictOnDuplicate(write, duplicate));
      } catch (error) {
        if (idempotent) idempotent.recorded = false;
        if (attempt >= WRITE_ATTEMPTS || !isWriteConflict(error)) throw error;
        await sleep(RETRY_PAUSE_MS * attempt * Math.random());
      }
    }
  }

  /**
   * One transaction for many writes (an import): each write run inside `work` joins it, with its
   * audit entries, so all commit together or none does.
   */
  runAll<T>(staff: AuditActor, work: (write: AuditedWrite) => Promise<T>): Promise<T> {
    return this.run(staff, (write) => this.enclosing.run(write, () => work(write)));
  }

  private once<T>(
    staff: AuditActor,
    work: (write: AuditedWrite) => Promise<T>,
    idempotent: IdempotentRequest | undefined,
  ): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
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
  }
}
