import type { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';

let streams = 0;
let collectGarbage: (() => void) | undefined;

/** A full collection now: the next heap limit is computed from what is live. */
function fullCollection(): void {
  if (!collectGarbage) {
    v8.setFlagsFromString('--expose-gc');
    collectGarbage = vm.runInNewContext('gc') as () => void;
  }
  collectGarbage();
}

/**
 * After each full collection V8 lets the old generation grow to up to 4× what is live before
 * the next one (the factor follows the machine's memory and how fast the program allocates).
 * That is what the hot reads want: full collections stay rare, and their pauses out of the
 * tail latency. A streamed export is the opposite case: 100,000 CSV rows are 40 MB of
 * short-lived garbage, which that growth let pile up to 350 MB of resident memory. So while a
 * stream is open, the heap grows by 20% between collections, starting from one full collection
 * (a pause of some milliseconds, once per export); after the last one closes, V8's own growth
 * comes back (`--heap-growing-percent=0` is its default). BENCHMARKS.md has the figures.
 */
export function compactHeapWhileOpen(stream: Readable): Readable {
  if (streams++ === 0) {
    v8.setFlagsFromString('--heap-growing-percent=20');
    fullCollection();
  }
  stream.once('close', () => {
    if (--streams === 0) v8.setFlagsFromString('--heap-growing-percent=0');
  });
  return stream;
}
