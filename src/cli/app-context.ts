import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ClockModule } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { JobRunDto } from './dto/job-run.dto.js';
import { JobRunner } from './job-runner.js';
import { JobsModule } from './jobs.module.js';

/** Just what running a job needs: no HTTP server, no schedule. */
@Module({})
class JobsCliModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: JobsCliModule,
      imports: [
        ConfigModule.forRoot({ ...config, JOBS_SCHEDULE_ENABLED: false }),
        DatabaseModule.forRoot({ url: databaseUrl }),
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        ClockModule,
        AuthModule,
        AuditModule,
        JobsModule,
      ],
    };
  }
}

/** Runs one job once with trigger CLI (`npm run job -- <name>`) and returns its run. */
export async function runJobFromCli(
  config: AppConfig,
  databaseUrl: string,
  name: string,
): Promise<JobRunDto> {
  const app = await NestFactory.createApplicationContext(
    JobsCliModule.forRoot(config, databaseUrl),
    { bufferLogs: true },
  );
  // The log channel of notifications goes where the server's logs go (pino, LOG_LEVEL).
  app.useLogger(app.get(Logger));
  try {
    return JobRunDto.from(await app.get(JobRunner).run(name, 'CLI'));
  } finally {
    await app.close();
  }
}
