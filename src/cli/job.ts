import { JOB_NAMES } from '../jobs/job.js';
import { runCli } from './run-cli.js';
import { runJobFromCli } from './run-job.js';

await runCli(
  {
    name: 'job',
    summary:
      'Runs one job now, recorded with trigger CLI, and prints its run as JSON; exit code 1 when the run failed.',
    argument: { value: 'JOB', description: 'the job to run', choices: JOB_NAMES },
  },
  async ({ argument, config, databaseUrl }) => {
    const run = await runJobFromCli(config, databaseUrl, argument);
    process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    if (run.outcome !== 'SUCCEEDED') process.exitCode = 1;
  },
);
