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

/** A few event-loop turns: time for every read that is due to start. */
async function nextTurns(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('DataVersionRepository', () => {
  it('shares one read among the requests of an event-loop turn', async () => {
    const { versions, finishes } = pendingReads();
    const turn = [versions.current(), versions.current(), versions.current()];
    await nextTurns();
    expect(finishes).toHaveLength(1);
    finishes[0]();
    expect(await Promise.all(turn)).toEqual(['1', '1', '1']);
  });

  it('makes requests arriving while a read is out wait for the next one', async () => {
    const { versions, finishes } = pendingReads();
    const first = versions.current();
    await nextTurns();
    // Arrived while the first read is out: it may have missed a write, so they wait for the next.
    const second = versions.current();
    const third = versions.current();
    await nextTurns();
    expect(finishes).toHaveLength(1);
    finishes[0]();
    expect(await first).toBe('1');
    await nextTurns();
    expect(finishes).toHaveLength(2);
    finishes[1]();
    expect(await Promise.all([second, third])).toEqual(['2', '2']);
  });

  it('starts a new read for a request arriving when none is out', async () => {
    const { versions, finishes } = pendingReads();
    const first = versions.current();
    await nextTurns();
    finishes[0]();
    await first;
    const later = versions.current();
    await nextTurns();
    finishes[1]();
    expect(await later).toBe('2');
  });
});
