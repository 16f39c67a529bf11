import { Module } from '@nestjs/common';
import { CommitmentsController } from './commitments.controller.js';
import { CommitmentsExportController } from './commitments-export.controller.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { CommitmentsService } from './commitments.service.js';
import { ExportSlots } from './export-slots.js';

@Module({
  controllers: [CommitmentsExportController, CommitmentsController],
  providers: [CommitmentsService, CommitmentsRepository, ExportSlots],
  exports: [CommitmentsService, CommitmentsRepository],
})
export class CommitmentsModule {}
