import { describe, expect, it } from '@jest/globals';
import type { Sql } from '../../database/sql.js';
import { DataVersionRepository } from './data-version.repository.js';

/** A database whose reads finish when the test says, each returning the read's number. */
function pendingReads() {
  const finishes: (() => void)[] = [];
  const sql = {
    row: () =>
      new Promise((resolve) => {
        const read = finishes.length + 1;
        finishes.push(() => resolve({ version: String(read) }));
      }),
  } as unknown as Sql;
  return { versions: new DataVersionRepository(sql), finishes };
}

describe('DataVersionRepository', () => {
  it('shares one read among the requests waiting, each read started after they arrived', async () => {
    const { versions, finishes } = pendingReads();
    const first = versions.current();
    // Arrived while the first read is out: it may have missed a write, so they wait for the next.
    const second = versions.current();
    const third = versions.current();
    expect(finishes).toHaveLength(1);
    finishes[0]();
    expect(await first).toBe('1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(finishes).toHaveLength(2);
    finishes[1]();
    expect(await Promise.all([second, third])).toEqual(['2', '2']);
  });

  it('starts a new read for a request arriving when none is out', async () => {
    const { versions, finishes } = pendingReads();
    const first = versions.current();
    finishes[0]();
    await first;
    const later = versions.current();
    finishes[1]();
    expect(await later).toBe('2');
  });
});
