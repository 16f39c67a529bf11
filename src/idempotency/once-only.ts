import { Injectable } from '@nestjs/common';
import { ProblemException } from '../common/problem-details.js';
import { runIdempotent, type IdempotentRequest } from './idempotent-request.js';
import { IdempotencyStore, type StoredAnswer } from './idempotency.store.js';

/** What a request with a key answers: its own work's result, or the answer stored for the key. */
export type OnceOnlyOutcome =
  { replayed: false; body: unknown } | { replayed: true; status: number; body: unknown };

/**
 * The rules of a keyed write, shared by the API's `Idempotency-Key` and the workspace's form
 * tokens: the first request with a key does the work, and the write's own transaction stores its
 * answer; a retry with the same key and request gets that answer again without the work; the same
 * key with another request is 422. A retry that arrives while the first still runs waits for it.
 */
@Injectable()
export class OnceOnly {
  constructor(private readonly store: IdempotencyStore) {}

  async run(pending: IdempotentRequest, work: () => Promise<unknown>): Promise<OnceOnlyOutcome> {
    const answered = await this.store.find(pending.owner, pending.key);
    if (answered) return this.replay(pending, answered);
    return runIdempotent(pending, async () => {
      try {
        const body = await work();
        if (!pending.recorded) await this.store.completeAfter(pending, body);
        return { replayed: false, body };
      } catch (error) {
        return this.replayWinner(pending, error);
      }
    });
  }

  /** A failed request whose key was answered meanwhile (a concurrent retry won) replays it. */
  private async replayWinner(pending: IdempotentRequest, error: unknown): Promise<OnceOnlyOutcome> {
    const answered = await this.store.find(pending.owner, pending.key).catch(() => null);
    if (!answered) throw error;
    return this.replay(pending, answered);
  }

  private replay(pending: IdempotentRequest, answered: StoredAnswer): OnceOnlyOutcome {
    if (answered.requestHash !== pending.requestHash) {
      throw new ProblemException(
        422,
        'This Idempotency-Key was used for a different request; use a new key.',
      );
    }
    return { replayed: true, status: answered.status, body: answered.body };
  }
}
