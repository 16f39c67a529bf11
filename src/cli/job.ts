import { runJobFromCli } from '../jobs/jobs-cli.js';
import { runCli } from './run-cli.js';

/** `npm run job -- <name>`: runs one job once (recorded with trigger CLI) and prints the run. */
const name = process.argv[2];
if (!name) {
  process.stderr.write(
    'usage: npm run job -- stale-check|deadline-check|dispatch-notifications|cleanup\n',
  );
  process.exit(2);
}

await runCli(async ({ config, databaseUrl }) => {
  const run = await runJobFromCli(config, databaseUrl, name);
  process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
  if (run.outcome !== 'SUCCEEDED') process.exitCode = 1;
});
