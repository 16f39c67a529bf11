import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type TestDatabaseSupport = typeof import('./test-database.js');

/**
 * Jest's global setup: some tests start the built server and scripts (dist/), so the build is
 * brought up to date first (tsc -b: about a second when nothing changed). On the embedded
 * database, one new database is made for the whole run; each test file starts from its copy.
 */
export default async function buildBeforeTests(
  _: unknown,
  { rootDir }: { rootDir: string },
): Promise<void> {
  const tsc = path.join(rootDir, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], {
    cwd: rootDir,
    stdio: 'inherit',
  });
  // Global setup runs outside Jest's module mapping: the support code comes from the build.
  const built = path.join(rootDir, 'dist', 'test', 'support', 'test-database.js');
  await ((await import(pathToFileURL(built).href)) as TestDatabaseSupport).prepareNewDatabaseDump();
}
