import { AsyncLocalStorage } from 'node:async_hooks';

/** Whose key it is: an API key's `Idempotency-Key`, or a person's workspace form token. */
export type IdempotencyOwner = { apiKeyId: string } | { staffUserId: string };

/** A staff POST that carries an `Idempotency-Key` (or a workspace form token), while it runs. */
export interface IdempotentRequest {
  owner: IdempotencyOwner;
  key: string;
  requestHash: string;
  /** The status its success answers with. */
  status: number;
  /** Response fields never stored (a secret shown once). */
  secretFields: string[];
  /** Set once the write's own transaction has stored the response. */
  recorded: boolean;
}

const current = new AsyncLocalStorage<IdempotentRequest>();

/** Runs the request's handler with its idempotency key in scope of the write's transaction. */
export function runIdempotent<T>(
  request: IdempotentRequest,
  handler: () => Promise<T>,
): Promise<T> {
  return current.run(request, handler);
}

/** The idempotent request being handled, if any. */
export function currentIdempotentRequest(): IdempotentRequest | undefined {
  return current.getStore();
}
