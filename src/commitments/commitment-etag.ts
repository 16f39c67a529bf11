import type { FastifyReply } from 'fastify';
import { DEFAULT_LANGUAGE, type Language } from '../common/languages.js';
import { ReplyHeader } from '../common/reply-headers.js';

/**
 * A commitment's entity tag: its version, so it changes exactly when the version does, and the
 * language of the representation (`"v3"` in English, `"v3-ko"` in Korean). Any of them is
 * accepted in `If-Match` on writes: it names the version.
 */
export function commitmentEtag(version: number, language: Language = DEFAULT_LANGUAGE): string {
  return language === DEFAULT_LANGUAGE ? `"v${version}"` : `"v${version}-${language}"`;
}

/** Sends the commitment's new ETag with a successful write, ready for the next If-Match. */
export function sendCommitmentEtag(reply: FastifyReply, version: number): void {
  void reply.header('etag', commitmentEtag(version));
}

/** The commitment version a write answered with: a commitment's `version` or `commitmentVersion`. */
function versionOf(body: unknown): number | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { commitmentVersion, version } = body as { commitmentVersion?: unknown; version?: unknown };
  const value = commitmentVersion ?? version;
  return typeof value === 'number' ? value : undefined;
}

/** The route answers with the changed commitment's new ETag, taken from its response body. */
export const SendsCommitmentEtag = (): MethodDecorator & ClassDecorator =>
  ReplyHeader('etag', (body) => {
    const version = versionOf(body);
    return version === undefined ? undefined : commitmentEtag(version);
  });
