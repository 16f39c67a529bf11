import { Module } from '@nestjs/common';
import { NotificationSender } from './notification-sender.js';
import { NotificationsRepository } from './notifications.repository.js';

/** The outbox and how its rows reach people; the dispatch-notifications job delivers it. */
@Module({
  providers: [NotificationSender, NotificationsRepository],
  exports: [NotificationSender, NotificationsRepository],
})
export class NotificationsModule {}
