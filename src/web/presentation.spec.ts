import { describe, expect, it } from '@jest/globals';
import { humanDate, statusBars, statusClass } from './presentation.js';

describe('website presentation helpers', () => {
  it('scales bars to the largest count, in display order, with a text label each', () => {
    const bars = statusBars({
      NOT_STARTED: 4,
      IN_PROGRESS: 2,
      STALLED: 0,
      PARTIALLY_FULFILLED: 1,
      FULFILLED: 0,
      BROKEN: 0,
    });
    expect(bars.map((bar) => [bar.label, bar.count, bar.length])).toEqual([
      ['Not started', 4, 100],
      ['In progress', 2, 50],
      ['Stalled', 0, 0],
      ['Partially fulfilled', 1, 25],
      ['Fulfilled', 0, 0],
      ['Broken', 0, 0],
    ]);
  });

  it('draws no bar, and divides by nothing, when nothing is tracked', () => {
    const empty = {
      NOT_STARTED: 0,
      IN_PROGRESS: 0,
      STALLED: 0,
      PARTIALLY_FULFILLED: 0,
      FULFILLED: 0,
      BROKEN: 0,
    };
    expect(statusBars(empty).every((bar) => bar.length === 0)).toBe(true);
  });

  it('labels dates for humans in UTC, whether calendar dates or instants', () => {
    expect(humanDate('2021-12-23')).toBe('23 December 2021');
    expect(humanDate('2022-01-01T23:30:00.000Z')).toBe('1 January 2022');
  });

  it('derives CSS modifiers from statuses', () => {
    expect(statusClass('PARTIALLY_FULFILLED')).toBe('partially-fulfilled');
  });
});
