import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBuilt, type ProcessOutput } from './support/built-process.js';
import { SEEDED_EVENT } from './support/staff-writes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const HEADER =
  'slug,title,event,madeOn,targetDate,pledgingParties,counterpartParties,themes,summary,quote';

describe('npm run import', () => {
  let t: TestApp;
  let folder: string;
  beforeAll(async () => {
    t = await createTestApp();
    folder = await mkdtemp(path.join(tmpdir(), 'import-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await t.close();
  });

  const fileWith = async (name: string, ...rows: string[]): Promise<string> => {
    const file = path.join(folder, name);
    await writeFile(file, [HEADER, ...rows].join('\n') + '\n');
    return file;
  };
  const run = (...args: string[]): Promise<ProcessOutput> =>
    runBuilt('src/cli/import.js', args, { DATABASE_URL: t.database.url, LOG_LEVEL: 'silent' });
  const newRow = `cli-imported,Imported from the command line,${SEEDED_EVENT},2021-12-23,,KR,CN,supply-chain-security,,`;

  it('a dry run prints what would change and writes nothing; the import writes, audited as the command line', async () => {
    const file = await fileWith('new.csv', newRow);
    const dry = await run('--file', file, '--dry-run');
    expect(dry).toEqual({
      code: 0,
      stdout: 'row 2 cli-imported: created\nWould create 1, would change 0, left 0 unchanged.\n',
      stderr: '',
    });
    expect(await t.prisma.commitment.findUnique({ where: { slug: 'cli-imported' } })).toBeNull();
    const real = await run('--file', file);
    expect(real).toEqual({
      code: 0,
      stdout: 'row 2 cli-imported: created\nCreated 1, changed 0, left 0 unchanged.\n',
      stderr: '',
    });
    const created = await t.prisma.commitment.findUniqueOrThrow({
      where: { slug: 'cli-imported' },
    });
    expect(await t.prisma.auditEntry.findMany({ where: { entityId: created.id } })).toEqual([
      expect.objectContaining({
        actor: 'command line',
        apiKeyId: null,
        action: 'commitment.create',
      }),
    ]);
    expect((await run('--file', file)).stdout).toBe(
      'row 2 cli-imported: unchanged\nCreated 0, changed 0, left 1 unchanged.\n',
    );
  }, 60_000);

  it('a bad file: each error by row and column on standard error, exit code 1, nothing written', async () => {
    const file = await fileWith(
      'bad.csv',
      `cli-bad-one,Fine,${SEEDED_EVENT},2021-12-23,,KR,CN,supply-chain-security,,`,
      `cli-bad-two,Bad date,${SEEDED_EVENT},2021-02-30,,KR,CN,supply-chain-security,,`,
    );
    const { code, stdout, stderr } = await run('--file', file);
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toMatch(
      /^row 3, madeOn: .+\nimport: The file has 1 error\(s\); nothing was imported\.\n$/,
    );
    expect(await t.prisma.commitment.findUnique({ where: { slug: 'cli-bad-one' } })).toBeNull();
  }, 60_000);

  it('refuses a missing --file in one line, exit code 2', async () => {
    expect(await run('--dry-run')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'import: --file is required (npm run import -- --help)\n',
    });
  }, 60_000);
});
