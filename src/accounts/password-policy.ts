import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

export const MIN_PASSWORD_LENGTH = 12;
/** Long passphrases are welcome; far longer would only make hashing a denial of service. */
export const MAX_PASSWORD_LENGTH = 256;

const COMMON_PASSWORDS = new Set(
  readFileSync(path.join(PROJECT_ROOT, 'src', 'accounts', 'common-passwords.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line && !line.startsWith('#')),
);

/** Why a password may not be used (none when it may), for the field's error messages. */
export function passwordProblems(password: string, email: string): string[] {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return [`Use at least ${MIN_PASSWORD_LENGTH} characters (this one has ${length}).`];
  }
  if (length > MAX_PASSWORD_LENGTH) return [`Use at most ${MAX_PASSWORD_LENGTH} characters.`];
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return ['This password is too common; choose another.'];
  if (lower.includes(email.split('@')[0].toLowerCase())) {
    return ['The password must not contain your email address.'];
  }
  return [];
}
