import { describe, expect, it } from '@jest/globals';
import { InvalidEvidenceUrlError, normalizeEvidenceUrl } from './url-normalizer.js';

describe('normalizeEvidenceUrl', () => {
  it.each([
    ['HTTP://WWW.KoreaHerald.com/view.php?ud=1', 'http://www.koreaherald.com/view.php?ud=1'],
    ['https://example.org:443/a/b/', 'https://example.org/a/b'],
    ['http://example.org:80/a', 'http://example.org/a'],
    ['https://example.org:8443/a', 'https://example.org:8443/a'],
    ['https://example.org/a#section-2', 'https://example.org/a'],
    ['https://example.org/a?utm_source=x&utm_medium=y&id=3', 'https://example.org/a?id=3'],
    ['https://example.org/a?fbclid=abc', 'https://example.org/a'],
    ['https://example.org/a?b=2&a=1', 'https://example.org/a?a=1&b=2'],
    ['https://example.org/', 'https://example.org'],
    ['  https://example.org/a  ', 'https://example.org/a'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeEvidenceUrl(input)).toBe(expected);
  });

  it('gives two spellings of one article the same URL', () => {
    expect(normalizeEvidenceUrl('https://EN.yna.co.kr/view/AEN1/?utm_campaign=x#top')).toBe(
      normalizeEvidenceUrl('https://en.yna.co.kr/view/AEN1'),
    );
  });

  it.each(['not a url', 'ftp://example.org/file', 'javascript:alert(1)'])('rejects %s', (input) => {
    expect(() => normalizeEvidenceUrl(input)).toThrow(InvalidEvidenceUrlError);
  });
});
