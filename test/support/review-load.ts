import pg from 'pg';
import request from 'supertest';
import { displayPrefix, generateApiKey, hashSecret } from '../../src/auth/api-key-secret.js';

/** A new editor key, written straight into the database; returns its secret. */
export async function createEditorKey(databaseUrl: string): Promise<string> {
  const key = generateApiKey();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      "INSERT INTO api_key (name, role, key_hash, key_prefix) VALUES ('durability', 'editor', $1, $2)",
      [hashSecret(key), displayPrefix(key)],
    );
  } finally {
    await client.end();
  }
  return key;
}

/**
 * Staff writes without pause: one worker per commitment posts reviews, each with the ETag the
 * previous answer sent, and keeps the id of every review answered 201. A worker stops at its
 * first failed request (the server was killed) or unexpected status.
 */
export class ReviewLoad {
  readonly acknowledged: string[] = [];
  readonly unexpected: number[] = [];
  /** Requests that got no answer: sent to a server that was then killed, or already gone. */
  cutOff = 0;

  constructor(
    private readonly key: string,
    private readonly commitmentIds: string[],
  ) {}

  /** Runs until every worker has stopped. */
  async run(base: string): Promise<void> {
    await Promise.all(this.commitmentIds.map((id) => this.work(base, id)));
  }

  private async work(base: string, commitmentId: string): Promise<void> {
    let etag = await this.answered(() => this.currentEtag(base, commitmentId));
    while (etag !== null) {
      etag = await this.answered(() => this.postReview(base, commitmentId, etag!));
    }
  }

  /** The request's result, or null when it got no answer. */
  private async answered<T>(request: () => Promise<T | null>): Promise<T | null> {
    try {
      return await request();
    } catch {
      this.cutOff++;
      return null;
    }
  }

  private async currentEtag(base: string, commitmentId: string): Promise<string | null> {
    const response = await request(base).get(`/api/v1/commitments/${commitmentId}`);
    return this.expect(response, 200) ? response.headers.etag : null;
  }

  /** Posts one review; returns the commitment's new ETag. */
  private async postReview(
    base: string,
    commitmentId: string,
    ifMatch: string,
  ): Promise<string | null> {
    const response = await request(base)
      .post(`/api/v1/commitments/${commitmentId}/reviews`)
      .set('Authorization', `Bearer ${this.key}`)
      .set('If-Match', ifMatch)
      .send({ note: 'Reviewed while the server may be killed.' });
    if (!this.expect(response, 201)) return null;
    this.acknowledged.push((response.body as { id: string }).id);
    return response.headers.etag;
  }

  private expect(response: request.Response, status: number): boolean {
    if (response.status !== status) this.unexpected.push(response.status);
    return response.status === status;
  }
}
