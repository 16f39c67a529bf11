import { Module } from '@nestjs/common';
import { CommitmentsController } from './commitments.controller.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { CommitmentsService } from './commitments.service.js';

@Module({
  controllers: [CommitmentsController],
  providers: [CommitmentsService, CommitmentsRepository],
  exports: [CommitmentsService],
})
export class CommitmentsModule {}
