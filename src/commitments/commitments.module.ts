import { Module } from '@nestjs/common';
import { CommitmentsController } from './commitments.controller.js';
import { CommitmentsExportController } from './commitments-export.controller.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { CommitmentsService } from './commitments.service.js';

@Module({
  controllers: [CommitmentsExportController, CommitmentsController],
  providers: [CommitmentsService, CommitmentsRepository],
  exports: [CommitmentsService, CommitmentsRepository],
})
export class CommitmentsModule {}
