import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { DispatchNotificationsJob } from './dispatch-notifications.job.js';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { CleanupJob } from './cleanup.job.js';
import { DeadlineCheckJob } from './deadline-check.job.js';
import { JOBS } from './job.js';
import { JobRunner } from './job-runner.js';
import { JobRunsRepository } from './job-runs.repository.js';
import { JobScheduler } from './job-scheduler.js';
import { JobsController } from './jobs.controller.js';
import { StaleCheckJob } from './stale-check.job.js';
import { SendMailJob } from './send-mail.job.js';
import { MailModule } from '../mail/mail.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';

@Module({
  imports: [
    ScheduleModule.forRoot(),
    CommitmentsModule,
    RemindersModule,
    NotificationsModule,
    WebhooksModule,
    IdempotencyModule,
    MailModule,
    SubscriptionsModule,
  ],
  controllers: [JobsController],
  providers: [
    StaleCheckJob,
    DeadlineCheckJob,
    DispatchNotificationsJob,
    CleanupJob,
    SendMailJob,
    {
      provide: JOBS,
      inject: [StaleCheckJob, DeadlineCheckJob, DispatchNotificationsJob, CleanupJob, SendMailJob],
      useFactory: (...jobs: unknown[]) => jobs,
    },
    JobRunner,
    JobRunsRepository,
    JobScheduler,
  ],
  exports: [JobRunner, JobRunsRepository],
})
export class JobsModule {}
