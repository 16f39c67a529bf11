import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane): the library's defaults, which
 * the hash itself records (`$argon2id$v=19$m=19456,t=2,p=1$…`), so raising them later still
 * verifies older hashes.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * Checks a password against its hash. Without a hash (no such account, or no password set yet)
 * a hash is still checked, so the answer takes as long and does not tell which accounts exist.
 */
export async function verifyPassword(passwordHash: string | null, password: string) {
  const matches = await verify(passwordHash ?? (await unusableHash), password);
  return passwordHash !== null && matches;
}

const unusableHash = hash('no account has this password');
