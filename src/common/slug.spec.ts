import { describe, expect, it } from '@jest/globals';
import { firstFreeSlug, slugify } from './slug.js';

describe('slugify', () => {
  it.each([
    ['Strengthen supply-chain cooperation!', 'strengthen-supply-chain-cooperation'],
    ['  Café   Déjà vu  ', 'cafe-deja-vu'],
    ['한중 대화', 'untitled'],
  ])('%j -> %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('keeps slugs within the column and without a trailing hyphen', () => {
    const slug = slugify('word '.repeat(60));
    expect(slug.length).toBeLessThanOrEqual(100);
    expect(slug).not.toMatch(/-$/);
  });
});

describe('firstFreeSlug', () => {
  it('uses the base when free, else the first free numbered suffix', () => {
    expect(firstFreeSlug('a', [])).toBe('a');
    expect(firstFreeSlug('a', ['a', 'a-2'])).toBe('a-3');
  });
});
