/**
 * lru-cache options for at most `entries` entries, least recently used out first. Counted as
 * sizes rather than set as `max`, which makes lru-cache allocate its arrays for all of them up
 * front: each such cache of 100,000 entries held 2.7 MB from the start, however few clients or
 * pages it had seen.
 */
export function boundedEntries(entries: number): {
  maxSize: number;
  sizeCalculation: () => number;
} {
  return { maxSize: entries, sizeCalculation: () => 1 };
}
