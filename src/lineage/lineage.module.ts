import { Module } from '@nestjs/common';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { LineageController } from './lineage.controller.js';
import { LineageRepository } from './lineage.repository.js';
import { LineageService } from './lineage.service.js';

@Module({
  imports: [CommitmentsModule],
  controllers: [LineageController],
  providers: [LineageService, LineageRepository],
})
export class LineageModule {}
