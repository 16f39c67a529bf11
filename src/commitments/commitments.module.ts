import { Module } from '@nestjs/common';
import { CommitmentTimelineService } from './commitment-timeline.service.js';
import { CommitmentsController } from './commitments.controller.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { CommitmentsService } from './commitments.service.js';

@Module({
  controllers: [CommitmentsController],
  providers: [CommitmentsService, CommitmentsRepository, CommitmentTimelineService],
  exports: [CommitmentsService, CommitmentTimelineService],
})
export class CommitmentsModule {}
