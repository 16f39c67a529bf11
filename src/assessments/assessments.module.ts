import { Module } from '@nestjs/common';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { AssessmentWritesController } from './assessment-writes.controller.js';
import { AssessmentsController } from './assessments.controller.js';
import { AssessmentsRepository } from './assessments.repository.js';
import { AssessmentsService } from './assessments.service.js';

/** Per-party compliance assessments, their history and the compliance matrix. */
@Module({
  imports: [CommitmentsModule],
  controllers: [AssessmentsController, AssessmentWritesController],
  providers: [AssessmentsService, AssessmentsRepository],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
