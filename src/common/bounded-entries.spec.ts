import { describe, expect, it } from '@jest/globals';
import { LRUCache } from 'lru-cache';
import { boundedEntries } from './bounded-entries.js';

describe('boundedEntries', () => {
  it('keeps at most that many entries, the least recently used out first', () => {
    const cache = new LRUCache<string, number>(boundedEntries(3));
    for (const key of ['a', 'b', 'c']) cache.set(key, 1);
    cache.get('a');
    cache.set('d', 1);
    expect([...cache.keys()].sort()).toEqual(['a', 'c', 'd']);
  });
});
