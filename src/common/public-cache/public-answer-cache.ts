import type { IncomingHttpHeaders } from 'node:http';
import { LRUCache } from 'lru-cache';
import { boundedEntries } from '../bounded-entries.js';

/** Response headers as Fastify's `reply.getHeaders()` gives them. */
export type AnswerHeaders = Record<string, string | number | string[] | undefined>;

/** A public answer as it was sent, and the data version it was made at. */
export interface CachedAnswer {
  version: string;
  headers: AnswerHeaders;
  body: Buffer;
}

/**
 * Headers that belong to one response, not to the answer: sent fresh each time (the length by
 * Fastify, the budget by the rate limiter, the connection by Node and the shutdown drain).
 */
const PER_RESPONSE = new Set([
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'ratelimit-limit',
  'ratelimit-remaining',
]);

/** What an entry costs besides its body: key, headers, bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 1024;

/** Resources whose Vary lists are remembered; a list is a few short strings. */
const MAX_RESOURCES = 100_000;

/**
 * Encoded public answers in memory, least recently used out first within a byte budget. A
 * resource (host and URL) has one entry per combination of the request headers its answers
 * vary on (their `Vary`); an entry serves only requests made at the data version it was made
 * at, and is dropped when asked for at another.
 */
export class PublicAnswerCache {
  private readonly answers: LRUCache<string, CachedAnswer>;
  private readonly varies = new LRUCache<string, string[]>(boundedEntries(MAX_RESOURCES));

  constructor(maxBytes: number) {
    this.answers = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (answer, key) => answer.body.length + key.length + ENTRY_OVERHEAD_BYTES,
    });
  }

  get(resource: string, request: IncomingHttpHeaders, version: string): CachedAnswer | undefined {
    const key = this.keyOf(resource, request, this.varies.get(resource) ?? []);
    const answer = this.answers.get(key);
    if (answer?.version === version) return answer;
    if (answer) this.answers.delete(key);
    return undefined;
  }

  /** Keeps an answer, unless it varies on everything (`Vary: *`) or sets a cookie. */
  set(
    resource: string,
    request: IncomingHttpHeaders,
    version: string,
    headers: AnswerHeaders,
    body: Buffer,
  ): void {
    if (headers['set-cookie'] !== undefined) return;
    const vary = varyNames(headers.vary);
    if (vary.includes('*')) return;
    this.varies.set(resource, vary);
    const kept = Object.fromEntries(
      Object.entries(headers).filter(([name]) => !PER_RESPONSE.has(name.toLowerCase())),
    );
    this.answers.set(this.keyOf(resource, request, vary), { version, headers: kept, body });
  }

  /** Bytes held by the entries (as counted against the budget). */
  get size(): number {
    return this.answers.calculatedSize;
  }

  private keyOf(resource: string, request: IncomingHttpHeaders, vary: string[]): string {
    let key = resource;
    for (const name of vary) key += `\n${String(request[name] ?? '')}`;
    return key;
  }
}

function varyNames(vary: AnswerHeaders[string]): string[] {
  if (vary === undefined) return [];
  const list = Array.isArray(vary) ? vary.join(',') : String(vary);
  return list
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
    .sort();
}
