import { DynamicModule, Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { AuditModule } from '../audit/audit.module.js';
import type { AuditActor } from '../audit/audit.repository.js';
import { AuthModule } from '../auth/auth.module.js';
import { ClockModule } from '../clock/clock.js';
import { RateLimitModule } from '../common/rate-limit.js';
import { createLogger } from '../common/request-log.js';
import { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';

/** The audit log's actor for what a command writes: no API key wrote it. */
export const COMMAND_LINE: AuditActor = { name: 'command line', apiKeyId: null };

/** Just what a command needs of the app (and `features`): no HTTP server, no schedule. */
@Module({})
class CommandModule {
  static forRoot(config: AppConfig, databaseUrl: string, features: Type[]): DynamicModule {
    return {
      module: CommandModule,
      imports: [
        ConfigModule.forRoot({ ...config, JOBS_SCHEDULE_ENABLED: false }),
        DatabaseModule.forRoot({ url: databaseUrl }),
        // Logs go to standard error, where they do not mix with the command's result.
        LoggerModule.forRoot({
          pinoHttp: { logger: createLogger(config.LOG_LEVEL, process.stderr) },
          useExisting: true,
        }),
        ClockModule,
        // The feature modules' routes are guarded by the shared request limits.
        RateLimitModule,
        AuthModule,
        AuditModule,
        ...features,
      ],
    };
  }
}

/** Runs `work` in an application context of the app's modules, closed afterwards. */
export async function withAppContext<T>(
  config: AppConfig,
  databaseUrl: string,
  features: Type[],
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(
    CommandModule.forRoot(config, databaseUrl, features),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
