import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/project-root.js';
import { BuiltServer, logLines, type ProcessOutput } from './support/built-process.js';
import { createTestDatabase, serverUrl, type TestDatabase } from './support/test-database.js';

const HEADING = '### Worked example';
const README_ORIGIN = 'http://localhost:3000';
const LISTENING = /"url":"(http:\/\/[^"]+)"/;
const SLUG = 'raw-material-supply-chain-security';
const BLOCK_MARK = '@@ next block @@';

/** A `sh` block of the example and the `text` block after it, which shows what it prints. */
interface Step {
  commands: string;
  prints: string;
}

/** The example's steps, from its heading to the next heading of its level or above. */
function workedExample(readme: string): Step[] {
  const start = readme.indexOf(HEADING);
  const rest = readme.slice(start + HEADING.length);
  const end = rest.search(/^#{1,3} /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const blocks = [...section.matchAll(/^```(\w+)\n([^]*?)^```$/gm)].map(([, kind, body]) => ({
    kind,
    body,
  }));
  return blocks.flatMap((block, i) =>
    block.kind === 'sh'
      ? [{ commands: block.body, prints: blocks[i + 1]?.kind === 'text' ? blocks[i + 1].body : '' }]
      : [],
  );
}

/** Runs the steps in one shell, as a reader would paste them, with a mark between their outputs. */
function runSteps(steps: Step[], origin: string, databaseUrl: string): Promise<ProcessOutput> {
  const script = steps
    .map(({ commands }) => `echo '${BLOCK_MARK}'\n${commands.replaceAll(README_ORIGIN, origin)}`)
    .join('\n');
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
  delete env.TEST_DATABASE_URL;
  // --norc: started from an SSH session, bash reads /etc/bash.bashrc even when not interactive,
  // and Debian's fails under -u ("PS1: unbound variable").
  const child = spawn('bash', ['--norc', '-euo', 'pipefail', '-c', script], {
    cwd: PROJECT_ROOT,
    env,
  });
  const output: ProcessOutput = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ ...output, code })));
}

/** What the server logged above info: why a catch-up did not happen, if it did not. */
function warnings(server: BuiltServer): string {
  const lines = logLines(server.stdout).filter((line) => Number(line.level) > 30);
  return JSON.stringify(lines.map((line) => line.msg)) + server.stderr;
}

async function untilStale(origin: string, server: BuiltServer): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${origin}/api/v1/commitments/${SLUG}`);
    if (((await response.json()) as { stale: boolean }).stale) return;
    if (Date.now() > deadline) {
      throw new Error(`the catch-up stale-check never flagged it; the server: ${warnings(server)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the README's worked example", () => {
  const steps = workedExample(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8'));
  let database: TestDatabase;
  let server: BuiltServer;
  let origin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = new BuiltServer({
      DATABASE_URL: database.url,
      PORT: '0',
      HOST: '127.0.0.1',
      // An embedded test database is one PGlite session, which a new install on the embedded
      // database reaches over one connection: more would interleave their transactions.
      ...(serverUrl() ? {} : { DB_POOL_SIZE: '1' }),
    });
    await server.startUntil(LISTENING);
    origin = LISTENING.exec(server.stdout)![1];
    // As on a new install, where the reader meets the pledge after the catch-up flagged it.
    await untilStale(origin, server);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('is found in the README: a key, a lookup, an update, a refused write, evidence', () => {
    const commands = steps.map((step) => step.commands).join('\n');
    expect(commands).toMatch(/npm run -s keys:create -- /);
    expect(commands).toMatch(/-H "If-Match: \$\(etag\)"/);
    expect(commands).toMatch(/\/commitments\/\$SLUG\/updates/);
    expect(commands).toMatch(/\/commitments\/\$SLUG\/evidence/);
  });

  it('prints, step by step, what the README shows', async () => {
    const { code, stdout, stderr } = await runSteps(steps, origin, database.url);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const printed = stdout.split(`${BLOCK_MARK}\n`).slice(1);
    expect(printed).toEqual(steps.map((step) => step.prints));

    const evidence = (await (
      await fetch(`${origin}/api/v1/commitments/${SLUG}/evidence`)
    ).json()) as { data: { stance: string; url: string }[] };
    expect(evidence.data).toContainEqual(
      expect.objectContaining({
        stance: 'SUPPORTS',
        url: 'https://example.org/news/supply-chain-working-group',
      }),
    );
  }, 180_000);
});
