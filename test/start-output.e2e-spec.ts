import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BuiltServer, logLines, runBuilt } from './support/built-process.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const LISTENING = /"msg":"Commitment Tracker is listening on /;
const NEW_INSTALL_SCRIPT = 'cli/new-install.js';
const INFO = 30;
const DEBUG = 20;

/** The processes `pid` started that still run (Linux's /proc). */
function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split(' ').filter(Boolean).map(Number);
}

function commandLine(pid: number): string {
  const file = `/proc/${pid}/cmdline`;
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Still running: neither gone nor a zombie (an orphan's zombie may never be reaped here). */
function isRunning(pid: number): boolean {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return false;
  const stat = readFileSync(file, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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

  it('SIGTERM while a new install is prepared ends the preparing child too, and the next start serves', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ct-start-'));
    const env = { DATA_DIR: path.join(dataDir, 'data'), PORT: '0', HOST: '127.0.0.1' };
    const first = new BuiltServer(env);
    const started = first.startUntil(LISTENING).catch((error: unknown) => error);
    let preparing = 0;
    await until(
      () => {
        preparing =
          childrenOf(first.pid!).find((pid) => commandLine(pid).includes(NEW_INSTALL_SCRIPT)) ?? 0;
        return preparing > 0;
      },
      'the new-install child',
      60_000,
    );
    const ended = await first.stop();
    expect(ended.signal).toBe('SIGTERM');
    expect(await started).toBeInstanceOf(Error);
    // Left alone, the child would go on for seconds (about 5 on a quiet machine) and could meet
    // the next start in the folder; ended with the server it is gone in about 20 ms, longer
    // when the machine is loaded.
    await until(() => !isRunning(preparing), 'the child to end', 2000);

    const second = new BuiltServer(env);
    try {
      await second.startUntil(LISTENING);
      const { url } = startLines(second.stdout).at(-1) as { url: string };
      const page = (await (await fetch(`${url}/api/v1/commitments?limit=1`)).json()) as {
        data: unknown[];
      };
      expect(page.data).toHaveLength(1);
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 200_000);

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
