import { Module } from '@nestjs/common';
import { DispatchNotificationsJob } from './dispatch-notifications.job.js';
import { NotificationSender } from './notification-sender.js';

@Module({
  providers: [NotificationSender, DispatchNotificationsJob],
  exports: [DispatchNotificationsJob],
})
export class NotificationsModule {}
