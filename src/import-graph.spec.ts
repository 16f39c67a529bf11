import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root.js';

/** The trees whose imports must form layers: the app and the scripts that run it. */
const ROOTS = ['src', 'scripts'];

const RELATIVE_IMPORT = /(?:\bfrom\s+|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [relative] : [];
  });
}

/** Each file with the project files it imports (`./x.js` is the source `./x.ts`). */
function importGraph(): Map<string, string[]> {
  const files = ROOTS.flatMap(sourceFiles);
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
      const imported = [...text.matchAll(RELATIVE_IMPORT)]
        .map(([, specifier]) => path.posix.join(path.posix.dirname(file), specifier))
        .map((target) => target.replace(/\.js$/, '.ts'))
        .filter((target) => known.has(target));
      return [file, imported];
    }),
  );
}

/** The file or folder of `dir` (`''`: the project's root) that holds `file`, if any. */
function entryOf(dir: string, file: string): string | undefined {
  if (dir === '') return file.split('/')[0];
  if (!file.startsWith(`${dir}/`)) return undefined;
  return `${dir}/${file.slice(dir.length + 1).split('/')[0]}`;
}

/**
 * The circles among the entries of `dir` (its files and folders, a folder standing for all it
 * holds): an entry that reaches back to itself through the others.
 */
function circlesIn(dir: string, graph: Map<string, string[]>): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const [file, imported] of graph) {
    const from = entryOf(dir, file);
    if (!from) continue;
    for (const target of imported) {
      const to = entryOf(dir, target);
      if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const circles: string[][] = [];
  const walk = (entry: string, trail: string[]): void => {
    for (const next of edges.get(entry) ?? []) {
      if (next === trail[0]) circles.push([...trail, next]);
      else if (!trail.includes(next) && next > trail[0]) walk(next, [...trail, next]);
    }
  };
  for (const entry of [...edges.keys()].sort()) walk(entry, [entry]);
  return circles;
}

function folders(graph: Map<string, string[]>): string[] {
  const all = new Set<string>(['']);
  for (const file of graph.keys()) {
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth++) all.add(parts.slice(0, depth).join('/'));
  }
  return [...all];
}

describe('the import graph', () => {
  const graph = importGraph();

  it('reads the imports of the source', () => {
    expect(graph.get('src/main.ts')).toContain('src/app.factory.ts');
  });

  it('has no circle between the files or folders of any folder', () => {
    const circles = folders(graph).flatMap((dir) =>
      circlesIn(dir, graph).map((circle) => circle.join(' -> ')),
    );
    expect(circles).toEqual([]);
  });

  it('finds a circle where there is one', () => {
    const looped = new Map([
      ['src/a/one.ts', ['src/b/two.ts']],
      ['src/b/two.ts', ['src/b/three.ts']],
      ['src/b/three.ts', ['src/a/four.ts']],
      ['src/a/four.ts', []],
    ]);
    expect(circlesIn('src', looped)).toEqual([['src/a', 'src/b', 'src/a']]);
    expect(circlesIn('src/b', looped)).toEqual([]);
  });
});
