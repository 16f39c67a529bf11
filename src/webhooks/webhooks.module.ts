import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { WebhookAdminService } from './webhook-admin.service.js';
import { WebhookDeliveries } from './webhook-deliveries.js';
import { WebhooksController } from './webhooks.controller.js';

/** Admins' webhook endpoints: their API, and the delivery of events to them. */
@Module({
  imports: [NotificationsModule],
  controllers: [WebhooksController],
  providers: [WebhookAdminService, WebhookDeliveries],
  exports: [WebhookAdminService, WebhookDeliveries],
})
export class WebhooksModule {}
