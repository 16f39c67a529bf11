import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'ct_';

/** A new staff key: 256 random bits, recognisable by its prefix. Shown once, never stored. */
export function generateApiKey(): string {
  return generateToken(KEY_PREFIX);
}

/**
 * How random secrets (API keys, calendar, invitation and session tokens) are stored: they are
 * random, so a fast unsalted hash is enough to make the stored value useless.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new random token of 256 bits for a link or a cookie, with its prefix. */
export function generateToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** The part of a key that staff can see again later, to tell keys apart. */
export function displayPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 6);
}
