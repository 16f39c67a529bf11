import { Module } from '@nestjs/common';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { StatusUpdatesController } from './status-updates.controller.js';
import { StatusUpdatesService } from './status-updates.service.js';
import { TimelineRepository } from './timeline.repository.js';

@Module({
  imports: [CommitmentsModule],
  controllers: [StatusUpdatesController],
  providers: [StatusUpdatesService, TimelineRepository],
  exports: [StatusUpdatesService],
})
export class StatusUpdatesModule {}
