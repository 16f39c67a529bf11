import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { serverEnvironment, serverNodeFlags } from '../scripts/support/instances.js';
import { PROJECT_ROOT } from '../src/project-root.js';

describe('the server start command', () => {
  it('runs the container with the node flags and environment of npm start (which the bench uses too)', () => {
    const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const command = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
    expect(command.filter((word) => word.startsWith('--'))).toEqual(serverNodeFlags());
    expect(serverNodeFlags()).toContain('--max-semi-space-size=4');
    expect(serverNodeFlags()).toContain('--liftoff-only');
    for (const [name, value] of Object.entries(serverEnvironment())) {
      expect(dockerfile).toMatch(new RegExp(`^ENV ${name}=${value}$`, 'm'));
    }
    expect(serverEnvironment()).toEqual({ MALLOC_ARENA_MAX: '2' });
  });

  it('gives WebAssembly the baseline compiler only: starting the embedded database, V8 mallocs little', async () => {
    // A new in-memory database runs PostgreSQL's initdb. Without the flag, V8's optimizing
    // compiler peaked at about 600 MB of malloc for it on Node 24, where setting the flag at run
    // time (v8.setFlagsFromString) no longer takes effect.
    const embedded = pathToFileURL(
      path.join(PROJECT_ROOT, 'dist/src/database/embedded-postgres.js'),
    );
    const script = `
      const { startMemoryPostgres } = await import('${embedded.href}');
      await (await startMemoryPostgres()).close();
      const v8 = await import('node:v8');
      process.stdout.write(String(v8.getHeapStatistics().peak_malloced_memory));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...serverNodeFlags(), '--input-type=module', '-e', script],
      { cwd: PROJECT_ROOT },
    );
    expect(Number(stdout) / 2 ** 20).toBeLessThan(64);
  });

  it('restarts the app and the database of docker-compose.yml after a crash', () => {
    const compose = readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
    const services = compose
      .split(/^volumes:/m)[0]
      .split(/^ {2}(?=[a-z][\w-]*:$)/m)
      .slice(1);
    expect(services.map((service) => service.split(':')[0])).toEqual(['db', 'app']);
    for (const service of services) expect(service).toMatch(/^ {4}restart: unless-stopped$/m);
  });
});
