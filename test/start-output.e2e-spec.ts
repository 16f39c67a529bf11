import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BuiltServer, logLines, runBuilt } from './support/built-process.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const LISTENING = /"msg":"Commitment Tracker is listening on /;
const INFO = 30;
const DEBUG = 20;

/** The log lines of a start, up to and with the one that says where the server listens. */
function startLines(stdout: string): Record<string, unknown>[] {
  const lines = logLines(stdout);
  return lines.slice(0, lines.findIndex((line) => LISTENING.test(JSON.stringify(line))) + 1);
}

describe('what npm start prints', () => {
  it('on the embedded database: one line with the URL, the docs URL and where the data is', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ct-start-'));
    const server = new BuiltServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    try {
      await server.startUntil(LISTENING);
      const lines = startLines(server.stdout);
      expect(lines.filter((line) => (line.level as number) >= INFO)).toHaveLength(1);
      const listening = lines.at(-1)!;
      const url = listening.url as string;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(listening).toMatchObject({ docs: `${url}/api/docs`, embedded: true, dataDir });
      expect(listening.msg).toBe(
        `Commitment Tracker is listening on ${url} (API docs: ${url}/api/docs), on the embedded database (PGlite) in ${dataDir}`,
      );
      expect((await fetch(`${url}/api/docs`)).status).toBe(200);
    } finally {
      const { stderr } = await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      expect(stderr).toBe('');
    }
  }, 200_000);

  it('a new install whose data folder cannot be made: one line on standard error, exit code 1', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ct-start-')), 'a-file');
    writeFileSync(file, '');
    const dataDir = path.join(file, 'data');
    const output = await runBuilt('src/main.js', [], { DATA_DIR: dataDir, PORT: '0' });
    rmSync(path.dirname(file), { recursive: true, force: true });
    expect(output.code).toBe(1);
    expect(output.stderr).toMatch(
      new RegExp(`^Preparing the new database in ${dataDir} failed: ENOTDIR[^\\n]*\\n$`),
    );
  });

  describe('on PostgreSQL at DATABASE_URL, at LOG_LEVEL=debug', () => {
    let database: TestDatabase;
    let server: BuiltServer;
    beforeAll(async () => {
      database = await createTestDatabase();
      server = new BuiltServer({
        DATABASE_URL: database.url,
        PORT: '0',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'debug',
        JOBS_SCHEDULE_ENABLED: 'false',
      });
      await server.startUntil(LISTENING);
    }, 120_000);
    afterAll(async () => {
      await server.stop();
      await database.drop();
    });

    it('names the server without credentials, and a wildcard address as localhost', () => {
      const listening = startLines(server.stdout).at(-1)!;
      const { host, pathname } = new URL(database.url);
      expect(listening.url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(listening).toMatchObject({ embedded: false, level: INFO });
      expect(listening.msg).toMatch(new RegExp(`, on PostgreSQL at ${host}${pathname}$`));
      expect(server.stdout).not.toContain(`@${host}`);
    });

    it("logs Nest's module and route lines and Fastify's address lines at debug", () => {
      const lines = startLines(server.stdout);
      const debugLine = (pattern: RegExp) =>
        lines.filter((line) => pattern.test(line.msg as string)).map((line) => line.level);
      expect(debugLine(/^Mapped \{\/api\/v1\/commitments, GET\} route$/)).toEqual([DEBUG]);
      expect(debugLine(/^JobsModule dependencies initialized$/)).toEqual([DEBUG]);
      expect(debugLine(/^Server listening at http:\/\/127\.0\.0\.1:\d+$/)).toEqual([DEBUG]);
      expect(lines.filter((line) => (line.level as number) >= INFO)).toHaveLength(1);
    });
  });
});
