import { describe, expect, it } from '@jest/globals';
import { preferredLanguage } from './content-language.js';

describe('preferredLanguage', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['fr-FR, fr;q=0.9', null],
    ['ko', 'ko'],
    ['ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7', 'ko'],
    ['en-GB;q=0.5, zh-Hans-CN;q=0.8', 'zh'],
    ['de, zh-TW;q=0.4, ko;q=0.3', 'zh'],
    ['*', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });
});
