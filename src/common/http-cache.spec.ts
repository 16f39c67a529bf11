import { describe, expect, it } from '@jest/globals';
import { contentEtag, matchesIfNoneMatch } from './http-cache.js';

describe('conditional GET', () => {
  const etag = contentEtag('{"data":[]}');

  it('tags equal content equally and different content differently', () => {
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(contentEtag('{"data":[]}')).toBe(etag);
    expect(contentEtag('{"data":[1]}')).not.toBe(etag);
  });

  it.each([
    [etag, true],
    [etag.replace(/^W\//, ''), true],
    [`"a", ${etag}`, true],
    ['*', true],
    ['"other"', false],
    ['', false],
    [undefined, false],
  ])('If-None-Match %j matches: %s', (header, expected) => {
    expect(matchesIfNoneMatch(header, etag)).toBe(expected);
  });

  it('compares strong commitment tags weakly too', () => {
    expect(matchesIfNoneMatch('W/"v3"', '"v3"')).toBe(true);
    expect(matchesIfNoneMatch('"v2"', '"v3"')).toBe(false);
  });
});
