import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';
import { fontFaceCss } from './fonts.js';

const FILE = path.join(PROJECT_ROOT, 'src', 'web', 'public', 'fonts.css');

describe('the shipped fonts', () => {
  const css = fontFaceCss();

  it('fonts.css is what the installed font packages give', () => {
    if (process.env.UPDATE_FONTS_CSS) writeFileSync(FILE, css);
    expect(readFileSync(FILE, 'utf8')).toBe(css);
  });

  it('has Korean and Chinese slices only, each file by a content hash', () => {
    const families = [...css.matchAll(/font-family: '([^']+)'/g)].map(([, family]) => family);
    expect(new Set(families)).toEqual(new Set(['Noto Sans KR', 'Noto Sans SC']));
    expect(families.length).toBeGreaterThan(100);
    // 한 (U+D55C) and 中 (U+4E2D) are covered; no slice covers basic Latin (U+0041).
    expect(css).not.toMatch(/U\+0000-00ff|latin/i);
    const urls = [...css.matchAll(/url\(([^)]+)\)/g)].map(([, url]) => url);
    expect(urls.length).toBe(families.length);
    for (const url of urls) expect(url).toMatch(/^\/assets\/fonts\/[\w-]+\.woff2\?v=[0-9a-f]{12}$/);
  });
});
