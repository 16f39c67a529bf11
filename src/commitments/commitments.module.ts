import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CommitmentWriter } from './commitment-writer.js';
import { CommitmentWritesRepository } from './commitment-writes.repository.js';
import { CommitmentsController } from './commitments.controller.js';
import { CommitmentsExportController } from './commitments-export.controller.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { CommitmentsService } from './commitments.service.js';
import { ExportSlots } from './export-slots.js';

import { CommitmentWritesController } from './commitment-writes.controller.js';

/** Commitments: their public reads, and the writer every change of one goes through. */
@Module({
  imports: [NotificationsModule],
  controllers: [CommitmentsExportController, CommitmentsController, CommitmentWritesController],
  providers: [
    CommitmentsService,
    CommitmentsRepository,
    CommitmentWriter,
    CommitmentWritesRepository,
    ExportSlots,
  ],
  exports: [CommitmentsService, CommitmentsRepository, CommitmentWriter],
})
export class CommitmentsModule {}
