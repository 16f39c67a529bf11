import { Module } from '@nestjs/common';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { EventWritesController } from './event-writes.controller.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

@Module({
  imports: [CommitmentsModule, ReferenceDataModule],
  controllers: [EventsController, EventWritesController],
  providers: [EventsService, EventsRepository],
  exports: [EventsService],
})
export class EventsModule {}
