import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { AssessmentsModule } from './assessments/assessments.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ClockModule } from './clock/clock.js';
import { CommitmentsModule } from './commitments/commitments.module.js';
import { GracefulShutdown } from './common/graceful-shutdown.js';
import { RateLimitModule } from './common/rate-limit.js';
import { PublicCacheModule } from './common/public-cache/public-answers.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './events/events.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { FeedModule } from './feed/feed.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { HealthModule } from './health/health.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LineageModule } from './lineage/lineage.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { PartiesModule } from './parties/parties.module.js';
import { StatusUpdatesModule } from './status-updates/status-updates.module.js';
import { StatsModule } from './stats/stats.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { ThemesModule } from './themes/themes.module.js';
import { WebModule } from './web/web.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { WorkspaceModule } from './workspace/workspace.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ url: databaseUrl }),
        // Nest's logs go to the logger Fastify was given, inside a request to Fastify's request
        // logger (`useExisting`), so they carry the request id of the request's log line
        // (common/request-log.ts). The route is spelled out: nestjs-pino's default `{/*splat}`
        // becomes `/{/*splat}` when @fastify/middie mounts it, which matches `/` alone.
        LoggerModule.forRoot({
          pinoHttp: { logger },
          useExisting: true,
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
        }),
        RateLimitModule,
        PublicCacheModule,
        ClockModule,
        AuthModule,
        ApiKeysModule,
        AuditModule,
        HealthModule,
        CommitmentsModule,
        EventsModule,
        PartiesModule,
        ThemesModule,
        StatusUpdatesModule,
        AssessmentsModule,
        EvidenceModule,
        LineageModule,
        ImportsModule,
        IdempotencyModule,
        StatsModule,
        FeedModule,
        SubscriptionsModule,
        WebModule,
        WorkspaceModule,
        JobsModule,
        RemindersModule,
        WebhooksModule,
      ],
      providers: [GracefulShutdown],
    };
  }
}
