import { describe, expect, it } from '@jest/globals';
import { passwordProblems } from './password-policy.js';

describe('passwordProblems', () => {
  const email = 'ada.lovelace@example.org';

  it('accepts a long, uncommon password', () => {
    expect(passwordProblems('tidal orbit of seven moons', email)).toEqual([]);
  });

  it('refuses fewer than 12 characters, counting characters rather than bytes', () => {
    expect(passwordProblems('short pass1', email)).toEqual([
      'Use at least 12 characters (this one has 11).',
    ]);
    expect(passwordProblems('ééééééééééé', email)).toHaveLength(1);
  });

  it('refuses more than 256 characters', () => {
    expect(passwordProblems('x'.repeat(256), email)).toEqual([]);
    expect(passwordProblems('x'.repeat(257), email)).toEqual(['Use at most 256 characters.']);
  });

  it('refuses a common password whatever its case', () => {
    expect(passwordProblems('Password1234', email)).toEqual([
      'This password is too common; choose another.',
    ]);
  });

  it('refuses a password containing the email name', () => {
    expect(passwordProblems('my Ada.Lovelace secret', email)).toEqual([
      'The password must not contain your email address.',
    ]);
  });
});
