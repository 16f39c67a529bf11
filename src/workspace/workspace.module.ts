import { MailModule } from '../mail/mail.module.js';
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { EventsModule } from '../events/events.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PartiesModule } from '../parties/parties.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { ThemesModule } from '../themes/themes.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { StatusUpdatesModule } from '../status-updates/status-updates.module.js';
import { WebModule } from '../web/web.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AdminController } from './admin.controller.js';
import { CommitmentFormsService } from './commitment-forms.service.js';
import { PeopleController } from './people.controller.js';
import { EvidenceLibraryController } from './evidence-library.controller.js';
import { ReferenceController } from './reference.controller.js';
import { ReviewQueueRepository } from './review-queue.repository.js';
import { SignInController } from './sign-in.controller.js';
import { WorkspaceSessionGuard } from './workspace-auth.js';
import { WorkspaceController } from './workspace.controller.js';
import { WorkspacePagesService } from './workspace-pages.service.js';
import { WebhookPagesController } from './webhook-pages.controller.js';

/** The staff workspace under /staff: server-rendered pages on the API's services. */
@Module({
  imports: [
    AccountsModule,
    ApiKeysModule,
    CommitmentsModule,
    EvidenceModule,
    IdempotencyModule,
    JobsModule,
    EventsModule,
    NotificationsModule,
    MailModule,
    PartiesModule,
    ReferenceDataModule,
    ThemesModule,
    RemindersModule,
    StatusUpdatesModule,
    WebModule,
    WebhooksModule,
  ],
  controllers: [
    SignInController,
    WorkspaceController,
    PeopleController,
    AdminController,
    ReferenceController,
    EvidenceLibraryController,
    WebhookPagesController,
  ],
  providers: [
    CommitmentFormsService,
    ReviewQueueRepository,
    WorkspacePagesService,
    WorkspaceSessionGuard,
  ],
})
export class WorkspaceModule {}
