import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/project-root.js';

const read = (file: string): string => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

describe('docs/dependencies.md', () => {
  it('says why each package of package.json is there', () => {
    const manifest = JSON.parse(read('package.json')) as Record<string, Record<string, string>>;
    const packages = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    const documented = new Set(read('docs/dependencies.md').match(/(?<=`)[@\w./-]+(?=`)/g));
    expect(packages.filter((name) => !documented.has(name))).toEqual([]);
  });
});
