import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runJobFromCli } from '../src/cli/run-job.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('npm run job (the command-line runner)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('runs a job once on the database, recorded with trigger CLI', async () => {
    const run = await runJobFromCli(
      { ...t.config, LOG_LEVEL: 'silent' },
      t.database.url,
      'stale-check',
    );
    expect(run).toMatchObject({ name: 'stale-check', trigger: 'CLI', outcome: 'SUCCEEDED' });
    expect(await t.prisma.jobRun.count({ where: { id: run.id, trigger: 'CLI' } })).toBe(1);
  });

  it('refuses an unknown job', async () => {
    await expect(runJobFromCli(t.config, t.database.url, 'coffee')).rejects.toThrow(
      'No job named coffee',
    );
  });
});
