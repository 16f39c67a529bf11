import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serverEnvironment, serverNodeFlags } from '../scripts/support/instances.js';
import { PROJECT_ROOT } from '../src/project-root.js';

describe('the server start command', () => {
  it('runs the container with the node flags and environment of npm start (which the bench uses too)', () => {
    const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const command = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
    expect(command.filter((word) => word.startsWith('--'))).toEqual(serverNodeFlags());
    expect(serverNodeFlags()).toContain('--max-semi-space-size=4');
    for (const [name, value] of Object.entries(serverEnvironment())) {
      expect(dockerfile).toMatch(new RegExp(`^ENV ${name}=${value}$`, 'm'));
    }
    expect(serverEnvironment()).toEqual({ MALLOC_ARENA_MAX: '2' });
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
