import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Jest's global setup: some tests start the built server and scripts (dist/), so the build is
 * brought up to date first (tsc -b: about a second when nothing changed).
 */
export default function buildBeforeTests(_: unknown, { rootDir }: { rootDir: string }): void {
  const tsc = path.join(rootDir, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], {
    cwd: rootDir,
    stdio: 'inherit',
  });
}
