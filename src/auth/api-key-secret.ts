import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'ct_';

/** A new staff key: 256 random bits, recognisable by its prefix. Shown once, never stored. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Keys are random, so a fast unsalted hash is enough to make the stored value useless. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The part of a key that staff can see again later, to tell keys apart. */
export function displayPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 6);
}
