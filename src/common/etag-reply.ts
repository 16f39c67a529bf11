import type { FastifyReply } from 'fastify';
import { commitmentEtag } from '../commitments/commitment-etag.js';

/** Sends the commitment's new ETag with a successful write, ready for the next If-Match. */
export function sendCommitmentEtag(reply: FastifyReply, version: number): void {
  void reply.header('etag', commitmentEtag(version));
}
