import { describe, expect, it } from '@jest/globals';
import { parseIfMatch, UNMATCHABLE_VERSION } from './if-match.js';

describe('parseIfMatch', () => {
  it.each([
    ['"v3"', 3],
    ['W/"v12"', 12],
    ['v7', 7],
    [' 4 ', 4],
  ])('reads %j as version %i', (header, version) => {
    expect(parseIfMatch(header)).toBe(version);
  });

  it.each(['*', '"abc"', '"v3", "v4"', '"v-1"', ''])(
    'reads %j as a version nothing matches',
    (header) => {
      expect(parseIfMatch(header)).toBe(UNMATCHABLE_VERSION);
    },
  );
});
