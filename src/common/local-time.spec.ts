import { describe, expect, it } from '@jest/globals';
import { isTimeZone, localDateAndHour } from './local-time.js';

describe('localDateAndHour', () => {
  it('is the wall-clock date and hour of the zone, across the date line and DST', () => {
    const instant = new Date('2026-07-01T22:30:00Z');
    expect(localDateAndHour(instant, 'UTC')).toEqual({ date: '2026-07-01', hour: 22 });
    expect(localDateAndHour(instant, 'Asia/Seoul')).toEqual({ date: '2026-07-02', hour: 7 });
    expect(localDateAndHour(instant, 'America/New_York')).toEqual({ date: '2026-07-01', hour: 18 });
    expect(localDateAndHour(new Date('2026-01-01T22:30:00Z'), 'America/New_York').hour).toBe(17);
  });

  it('knows IANA zones and refuses other names', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
