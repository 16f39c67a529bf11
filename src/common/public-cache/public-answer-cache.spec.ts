import { describe, expect, it } from '@jest/globals';
import { PublicAnswerCache } from './public-answer-cache.js';

const body = (text: string) => Buffer.from(text);

describe('PublicAnswerCache', () => {
  it('serves an answer only at the version it was made at', () => {
    const cache = new PublicAnswerCache(1 << 20);
    cache.set('h /a', {}, '1:2026-01-01', { etag: 'W/"x"' }, body('one'));
    expect(cache.get('h /a', {}, '1:2026-01-01')?.body.toString()).toBe('one');
    expect(cache.get('h /a', {}, '2:2026-01-01')).toBeUndefined();
    // Dropped when asked for at another version.
    expect(cache.get('h /a', {}, '1:2026-01-01')).toBeUndefined();
  });

  it('keys on the request headers the answer varies on', () => {
    const cache = new PublicAnswerCache(1 << 20);
    const vary = { vary: 'Accept-Language' };
    cache.set('h /a', { 'accept-language': 'ko' }, '1', vary, body('안녕'));
    cache.set('h /a', { 'accept-language': 'en' }, '1', vary, body('hello'));
    expect(cache.get('h /a', { 'accept-language': 'ko' }, '1')?.body.toString()).toBe('안녕');
    expect(cache.get('h /a', { 'accept-language': 'en' }, '1')?.body.toString()).toBe('hello');
    expect(cache.get('h /a', { 'accept-language': 'zh' }, '1')).toBeUndefined();
  });

  it('keeps no answer that sets a cookie or varies on everything', () => {
    const cache = new PublicAnswerCache(1 << 20);
    cache.set('h /a', {}, '1', { 'set-cookie': 'a=b' }, body('a'));
    cache.set('h /b', {}, '1', { vary: '*' }, body('b'));
    expect(cache.get('h /a', {}, '1')).toBeUndefined();
    expect(cache.get('h /b', {}, '1')).toBeUndefined();
  });

  it('keeps the answer headers but not those of one response', () => {
    const cache = new PublicAnswerCache(1 << 20);
    const headers = { etag: 'W/"x"', 'content-length': 3, 'ratelimit-remaining': '9' };
    cache.set('h /a', {}, '1', headers, body('abc'));
    expect(cache.get('h /a', {}, '1')?.headers).toEqual({ etag: 'W/"x"' });
  });

  it('stays within its byte budget, the least recently used out first', () => {
    const cache = new PublicAnswerCache(13_000);
    for (const path of ['/a', '/b', '/c'])
      cache.set(`h ${path}`, {}, '1', {}, body('x'.repeat(3000)));
    cache.get('h /a', {}, '1');
    cache.set('h /d', {}, '1', {}, body('x'.repeat(3000)));
    expect(cache.size).toBeLessThanOrEqual(13_000);
    expect(cache.get('h /a', {}, '1')).toBeDefined();
    expect(cache.get('h /b', {}, '1')).toBeUndefined();
  });
});
