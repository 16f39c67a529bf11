import type { AppConfig } from '../config/app-config.js';
import { JobRunDto } from '../jobs/dto/job-run.dto.js';
import { JobRunner } from '../jobs/job-runner.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { withAppContext } from './app-context.js';

/** Runs one job once with trigger CLI (`npm run job -- <name>`) and returns its run. */
export function runJobFromCli(
  config: AppConfig,
  databaseUrl: string,
  name: string,
): Promise<JobRunDto> {
  return withAppContext(config, databaseUrl, [JobsModule], async (app) =>
    JobRunDto.from(await app.get(JobRunner).run(name, 'CLI')),
  );
}
