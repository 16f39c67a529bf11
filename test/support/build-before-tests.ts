import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type DatabaseTemplatesSupport = typeof import('./database-templates.js');

/**
 * Jest's global setup: some tests start the built server and scripts (dist/), so the build is
 * brought up to date first (tsc -b: about a second when nothing changed). Then the databases
 * each test file's new one is copied from: empty, migrated, and migrated and seeded.
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
  const built = path.join(rootDir, 'dist', 'test', 'support', 'database-templates.js');
  await (
    (await import(pathToFileURL(built).href)) as DatabaseTemplatesSupport
  ).prepareDatabaseTemplates();
}
