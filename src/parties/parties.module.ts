import { Module } from '@nestjs/common';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { PartiesController } from './parties.controller.js';
import { PartiesRepository } from './parties.repository.js';
import { PartiesService } from './parties.service.js';
import { PartyWritesController } from './party-writes.controller.js';

@Module({
  imports: [ReferenceDataModule],
  controllers: [PartiesController, PartyWritesController],
  providers: [PartiesService, PartiesRepository],
  exports: [PartiesService],
})
export class PartiesModule {}
