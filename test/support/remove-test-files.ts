import path from 'node:path';
import { pathToFileURL } from 'node:url';

type TestDatabaseSupport = typeof import('./test-database.js');

/**
 * Jest's global teardown: the new database's dump made by the global setup goes with the run
 * (taken from the build: global setup and teardown run outside Jest's module mapping).
 */
export default async function removeTestFiles(
  _: unknown,
  { rootDir }: { rootDir: string },
): Promise<void> {
  const built = path.join(rootDir, 'dist', 'test', 'support', 'test-database.js');
  ((await import(pathToFileURL(built).href)) as TestDatabaseSupport).removeNewDatabaseDump();
}
