import path from 'node:path';
import { pathToFileURL } from 'node:url';

type DatabaseTemplatesSupport = typeof import('./database-templates.js');

/**
 * Jest's global teardown: the template databases or dumps made by the global setup go with the
 * run (taken from the build: global setup and teardown run outside Jest's module mapping).
 */
export default async function removeTestFiles(
  _: unknown,
  { rootDir }: { rootDir: string },
): Promise<void> {
  const built = path.join(rootDir, 'dist', 'test', 'support', 'database-templates.js');
  await (
    (await import(pathToFileURL(built).href)) as DatabaseTemplatesSupport
  ).removeDatabaseTemplates();
}
