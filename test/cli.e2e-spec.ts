import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import request from 'supertest';
import { MIGRATIONS_DIR } from '../src/database/migrations/migrations.js';
import { logLines, runBuilt, type ProcessOutput } from './support/built-process.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase } from './support/test-database.js';

/** Each npm script and its built file. */
const COMMANDS = {
  'keys:create': 'src/cli/keys-create.js',
  job: 'src/cli/job.js',
  'db:seed': 'src/cli/seed.js',
  'db:migrate': 'src/cli/migrate.js',
  'db:migration': 'src/cli/migration-new.js',
  'seed:bulk': 'src/cli/seed-bulk.js',
  bench: 'scripts/bench/run-bench.js',
  'reliability:restarts': 'scripts/reliability/restart-under-load.js',
  'reliability:instances': 'scripts/reliability/many-instances.js',
  'reliability:chaos': 'scripts/reliability/chaos.js',
} as const;

type Command = keyof typeof COMMANDS;

describe('the npm run commands', () => {
  let t: TestApp;
  const run = (command: Command, ...args: string[]): Promise<ProcessOutput> =>
    runBuilt(COMMANDS[command], args, { DATABASE_URL: t.database.url });
  const refused = (command: Command, message: string) => ({
    code: 2,
    stdout: '',
    stderr: `${command}: ${message} (npm run ${command} -- --help)\n`,
  });

  beforeAll(async () => {
    t = await createTestApp({ seed: false });
  });
  afterAll(() => t.close());

  it('each prints its help; an unknown option is refused in one line, exit code 2', async () => {
    const names = Object.keys(COMMANDS) as Command[];
    const helps = await Promise.all(names.map((command) => run(command, '--help')));
    names.forEach((command, i) => {
      expect(helps[i]).toMatchObject({ code: 0, stderr: '' });
      expect(helps[i].stdout).toMatch(new RegExp(`^Usage: npm run ${command}\\b[^]*-h, --help`));
    });
    // Every command parses its line with the same function (src/cli/run-cli.ts): one of each
    // kind, the app's commands and the scripts; the tests below show other refusals of others.
    for (const command of ['db:seed', 'bench'] as const) {
      expect(await run(command, '--bogus')).toEqual(refused(command, "Unknown option '--bogus'"));
    }
  }, 300_000);

  it('db:seed says what it added, and that it added nothing the second time', async () => {
    expect(await run('db:seed')).toEqual({
      code: 0,
      stdout:
        'Seeded the ninth South Korea–China Strategic Dialogue: added 1 event, 2 parties, 6 themes, 9 commitments, 13 evidence articles, 33 evidence links.\n',
      stderr: '',
    });
    await t.prisma.commitmentEvidence.deleteMany({
      where: { commitment: { slug: 'raw-material-supply-chain-security' } },
    });
    expect((await run('db:seed')).stdout).toMatch(/: added \d+ evidence links?\.\n$/);
    expect(await run('db:seed')).toEqual({
      code: 0,
      stdout: 'The ninth South Korea–China Strategic Dialogue is already there: nothing added.\n',
      stderr: '',
    });
  }, 120_000);

  it('keys:create requires a role and a name, and refuses a role it does not know', async () => {
    expect(await run('keys:create', '--name', 'Ada')).toEqual(
      refused('keys:create', '--role is required'),
    );
    expect(await run('keys:create', '--role', 'admin')).toEqual(
      refused('keys:create', '--name is required'),
    );
    expect(await run('keys:create', '--name', 'Ada', '--role', 'owner')).toEqual(
      refused('keys:create', '--role must be one of editor, admin, not "owner"'),
    );
    expect(await t.prisma.apiKey.count()).toBe(0);
  }, 120_000);

  it('keys:create prints the key once and records it in the audit log as the command line', async () => {
    const { code, stdout, stderr } = await run('keys:create', '--name', 'Ada', '--role', 'admin');
    expect([code, stderr]).toEqual([0, '']);
    const [, id, key] =
      /^Created admin key "Ada" \(([\w-]+)\)\. It is shown only now:\n(\S+)\n$/.exec(stdout) ?? [];
    expect(await t.prisma.auditEntry.findMany({ where: { entityId: id } })).toEqual([
      expect.objectContaining({
        actor: 'command line',
        apiKeyId: null,
        action: 'api-key.create',
        entityType: 'api-key',
        after: { name: 'Ada', role: 'admin' },
      }),
    ]);
    await request(t.http).get('/api/v1/api-keys').set('Authorization', `Bearer ${key}`).expect(200);
  }, 60_000);

  it('job prints the run alone on standard output, its logs on standard error', async () => {
    const runJob = (...args: string[]) =>
      runBuilt(COMMANDS.job, args, { DATABASE_URL: t.database.url, LOG_LEVEL: 'debug' });
    const { code, stdout, stderr } = await runJob('stale-check');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      name: 'stale-check',
      trigger: 'CLI',
      outcome: 'SUCCEEDED',
      counts: { flagged: 9 },
    });
    expect(logLines(stderr).map((line) => line.msg)).toContain('Starting Nest application...');
    expect(await runJob()).toEqual(refused('job', 'JOB is required'));
    expect(await runJob('coffee')).toEqual(
      refused(
        'job',
        'JOB must be one of stale-check, deadline-check, dispatch-notifications, cleanup, send-mail, not "coffee"',
      ),
    );
  }, 60_000);

  it('db:migrate names the migrations it applied to an empty database', async () => {
    const empty = await createTestDatabase();
    try {
      const folders = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
      const migrate = () => runBuilt(COMMANDS['db:migrate'], [], { DATABASE_URL: empty.url });
      expect(await migrate()).toEqual({
        code: 0,
        stdout: `Applied: ${folders.join(', ')}\n`,
        stderr: '',
      });
      expect((await migrate()).stdout).toBe('Database is up to date.\n');
    } finally {
      await empty.drop();
    }
  }, 120_000);

  it('db:migrate and db:migration say there is nothing to do', async () => {
    expect(await run('db:migrate')).toEqual({
      code: 0,
      stdout: 'Database is up to date.\n',
      stderr: '',
    });
    expect(await run('db:migration')).toEqual(refused('db:migration', '--name is required'));
    expect(await run('db:migration', '--name', 'nothing')).toEqual({
      code: 0,
      stdout:
        'schema.prisma has no change that a migration does not already carry: nothing written.\n',
      stderr: '',
    });
  }, 120_000);

  it('seed:bulk requires a positive whole number, reports progress on standard error', async () => {
    expect(await run('seed:bulk', '--commitments', '-3')).toEqual(
      refused('seed:bulk', "Option '--commitments' argument is ambiguous"),
    );
    expect(await run('seed:bulk', '--commitments=-3')).toEqual(
      refused('seed:bulk', '--commitments must be a positive whole number, not "-3"'),
    );
    const { code, stdout, stderr } = await run('seed:bulk', '--commitments', '3');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Added 3 commitments in \d+\.\d s\.\n$/);
    expect(stderr).toBe('\r3 / 3 commitments\n');
  }, 120_000);
});
