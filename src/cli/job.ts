import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module.js';
import { JobRunDto } from '../jobs/dto/job-run.dto.js';
import { JobRunner } from '../jobs/job-runner.js';
import { runCli } from './run-cli.js';

/** `npm run job -- <name>`: runs one job once (recorded with trigger CLI) and prints the run. */
const name = process.argv[2];
if (!name) {
  process.stderr.write('usage: npm run job -- stale-check|deadline-check|dispatch-notifications\n');
  process.exit(2);
}

await runCli(async ({ config, databaseUrl }) => {
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ ...config, JOBS_SCHEDULE_ENABLED: false }, databaseUrl),
    { bufferLogs: true },
  );
  // The log channel of notifications goes where the server's logs go (pino, LOG_LEVEL).
  app.useLogger(app.get(Logger));
  try {
    const run = JobRunDto.from(await app.get(JobRunner).run(name, 'CLI'));
    process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    if (run.outcome !== 'SUCCEEDED') process.exitCode = 1;
  } finally {
    await app.close();
  }
});
