import { describe, expect, it } from '@jest/globals';
import { signedScore, summarize } from './methodology.js';

describe('summarize', () => {
  it('averages the assessed cells and maps the mean onto 0–100 %', () => {
    expect(summarize([1, 0, -1, 1])).toEqual({
      mean: 0.25,
      percentage: 62.5,
      assessed: 4,
      unassessed: 0,
    });
  });

  it('leaves cells not yet assessed out of the mean and counts them', () => {
    expect(summarize([1, null, 0, null])).toEqual({
      mean: 0.5,
      percentage: 75,
      assessed: 2,
      unassessed: 2,
    });
  });

  it('rounds the mean to 3 decimals and the percentage to 1', () => {
    expect(summarize([1, 0, 0])).toEqual({
      mean: 0.333,
      percentage: 66.7,
      assessed: 3,
      unassessed: 0,
    });
  });

  it('has no mean and no percentage without an assessed cell', () => {
    expect(summarize([null, null])).toEqual({
      mean: null,
      percentage: null,
      assessed: 0,
      unassessed: 2,
    });
    expect(summarize([])).toEqual({ mean: null, percentage: null, assessed: 0, unassessed: 0 });
  });

  it('gives 0 % for all -1 and 100 % for all +1', () => {
    expect(summarize([-1, -1]).percentage).toBe(0);
    expect(summarize([1]).percentage).toBe(100);
  });
});

describe('signedScore', () => {
  it('prints the sign of every score', () => {
    expect([1, 0, -1].map(signedScore)).toEqual(['+1', '0', '−1']);
  });
});
