import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

/** The one file whose statements change commitment rows: the commitment writer's repository. */
const THE_DOOR = 'src/commitments/commitment-writes.repository.ts';

/**
 * The seeders load commitments into an empty database, before anyone has read one: no version
 * to claim, no reminder to close, no staff member to audit.
 */
const SEEDERS = ['src/seed/seeder.ts', 'src/seed/bulk-seeder.ts'];

/** Ways code can add or change a commitment row or its version, in SQL or through Prisma. */
const CHANGES_A_COMMITMENT = [
  /\bINSERT\s+INTO\s+commitment\b/i,
  /\bUPDATE\s+commitment\b/i,
  /\bDELETE\s+FROM\s+commitment\b/i,
  /\.commitment\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\(/,
  /version\s*:\s*\{\s*increment/,
  /\bversion\s*=\s*(c\.)?version\s*\+/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [relative] : [];
  });
}

describe('one door for commitments', () => {
  it('changes commitment rows and versions only through the commitment writer', () => {
    const offenders = sourceFiles('src')
      .filter((file) => file !== THE_DOOR && !SEEDERS.includes(file))
      .filter((file) => {
        const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
        return CHANGES_A_COMMITMENT.some((pattern) => pattern.test(text));
      });
    expect(offenders).toEqual([]);
  });

  it('recognizes a change where there is one', () => {
    const door = readFileSync(path.join(PROJECT_ROOT, THE_DOOR), 'utf8');
    expect(CHANGES_A_COMMITMENT.filter((pattern) => pattern.test(door)).length).toBeGreaterThan(2);
  });

  it('recognizes the seeders as adding commitments', () => {
    for (const seeder of SEEDERS) {
      const text = readFileSync(path.join(PROJECT_ROOT, seeder), 'utf8');
      expect(CHANGES_A_COMMITMENT.some((pattern) => pattern.test(text))).toBe(true);
    }
  });
});
