import { Module } from '@nestjs/common';
import { NotificationSender } from './notification-sender.js';
import { NotificationsRepository } from './notifications.repository.js';
import { WebhooksRepository } from './webhooks.repository.js';

/**
 * The outboxes (reminder notifications to WEBHOOK_URL; events to admins' webhook endpoints) and
 * how their rows reach people; the dispatch-notifications job delivers them.
 */
@Module({
  providers: [NotificationSender, NotificationsRepository, WebhooksRepository],
  exports: [NotificationSender, NotificationsRepository, WebhooksRepository],
})
export class NotificationsModule {}
