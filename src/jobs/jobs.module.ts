import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { DispatchNotificationsJob } from '../notifications/dispatch-notifications.job.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CleanupJob } from './cleanup.job.js';
import { DeadlineCheckJob } from './deadline-check.job.js';
import { JOBS } from './job.js';
import { JobRunner } from './job-runner.js';
import { JobScheduler } from './job-scheduler.js';
import { JobsController } from './jobs.controller.js';
import { StaleCheckJob } from './stale-check.job.js';

@Module({
  imports: [ScheduleModule.forRoot(), NotificationsModule],
  controllers: [JobsController],
  providers: [
    StaleCheckJob,
    DeadlineCheckJob,
    CleanupJob,
    {
      provide: JOBS,
      inject: [StaleCheckJob, DeadlineCheckJob, DispatchNotificationsJob, CleanupJob],
      useFactory: (...jobs: unknown[]) => jobs,
    },
    JobRunner,
    JobScheduler,
  ],
  exports: [JobRunner],
})
export class JobsModule {}
