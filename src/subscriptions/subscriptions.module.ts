import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module.js';
import { FollowLimits } from './follow-limits.js';
import { FollowTargetsRepository } from './follow-targets.repository.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** Public follows by email: the opt-in, the links in mails, and the mails of changes. */
@Module({
  imports: [MailModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionsService, SubscriptionsRepository, FollowTargetsRepository, FollowLimits],
  exports: [SubscriptionsService, FollowTargetsRepository],
})
export class SubscriptionsModule {}
