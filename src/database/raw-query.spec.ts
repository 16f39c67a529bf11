import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { parseTimestamptz } from './raw-query.js';

const pgParser = pg.types.getTypeParser(1184, 'text') as (text: string) => Date;

/** PostgreSQL's ISO output of a UTC instant at millisecond precision, as timestamp(3) gives it. */
function postgresText(date: Date): string {
  const iso = date.toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}+00`;
}

describe('parseTimestamptz', () => {
  it('gives the instant pg gives for any UTC timestamp(3)', () => {
    const instants = fc.date({
      min: new Date('0100-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, (date) => {
        const text = postgresText(date);
        expect(parseTimestamptz(text).getTime()).toBe(date.getTime());
        expect(parseTimestamptz(text).getTime()).toBe(pgParser(text).getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    '2026-11-29 10:14:25.1+00',
    '2026-11-29 10:14:25.12+00',
    '2026-11-29 10:14:25+00',
    '0099-03-01 12:00:00+00',
    '2026-11-29 10:14:25.123456+00',
    '2026-11-29 11:14:25.123+01',
    '2026-11-29 10:14:25.123+05:30',
    '0044-03-15 12:00:00+00 BC',
    'infinity',
    '-infinity',
  ])('agrees with pg on %s', (text) => {
    expect(parseTimestamptz(text)).toEqual(pgParser(text));
  });
});
