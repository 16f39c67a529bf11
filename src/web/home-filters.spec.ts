import { describe, expect, it } from '@jest/globals';
import { filtersQuery, parseHomeQuery, toListQuery } from './home-filters.js';

describe('home page filters', () => {
  it('drops empty form fields and parameters the page does not know', () => {
    expect(
      parseHomeQuery({
        q: ' ',
        status: '',
        theme: 'culture-exchange',
        utm_source: 'x',
        cursor: '',
      }),
    ).toEqual({ filters: { theme: 'culture-exchange' }, cursor: undefined });
  });

  it('takes the last of repeated parameters', () => {
    expect(parseHomeQuery({ party: ['KR', 'CN'] }).filters).toEqual({ party: 'CN' });
  });

  it('validates like the JSON API: a status list, a 400 for a bad value', async () => {
    await expect(toListQuery({ filters: { status: 'FULFILLED' } })).resolves.toMatchObject({
      status: ['FULFILLED'],
      limit: 20,
    });
    await expect(toListQuery({ filters: { theme: 'Not A Slug' } })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('writes the filters back as a query string', () => {
    expect(filtersQuery({ theme: 'a-b', q: 'x y' }, { cursor: 'c' })).toBe(
      'theme=a-b&q=x+y&cursor=c',
    );
  });
});
