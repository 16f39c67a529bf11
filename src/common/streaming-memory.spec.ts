import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import { compactHeapWhileOpen } from './streaming-memory.js';

const growthFlags = (spy: jest.SpiedFunction<typeof v8.setFlagsFromString>): string[] =>
  spy.mock.calls.map(([flag]) => flag).filter((flag) => flag.startsWith('--heap-growing'));

const closed = async (stream: Readable): Promise<void> => {
  if (!stream.closed) await once(stream, 'close');
};

describe('compactHeapWhileOpen', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('grows the heap by 20% from the first open stream until the last one closes', async () => {
    const setFlags = jest.spyOn(v8, 'setFlagsFromString');
    const finished = compactHeapWhileOpen(Readable.from(['a', 'b']));
    const aborted = compactHeapWhileOpen(Readable.from(['c']));
    expect(growthFlags(setFlags)).toEqual(['--heap-growing-percent=20']);

    finished.resume();
    await closed(finished);
    expect(growthFlags(setFlags)).toEqual(['--heap-growing-percent=20']);

    aborted.destroy();
    await closed(aborted);
    expect(growthFlags(setFlags)).toEqual([
      '--heap-growing-percent=20',
      '--heap-growing-percent=0',
    ]);
  });

  it('starts each export from a full collection', () => {
    const garbageArrays = Array.from({ length: 200 }, () => new Array<number>(10_000).fill(1));
    expect(garbageArrays).toHaveLength(200);
    const withGarbage = process.memoryUsage().heapUsed;
    garbageArrays.length = 0;
    const stream = compactHeapWhileOpen(Readable.from([]));
    expect(process.memoryUsage().heapUsed).toBeLessThan(withGarbage - 10_000_000);
    stream.destroy();
  });
});
