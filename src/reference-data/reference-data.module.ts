import { Module } from '@nestjs/common';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { ReferenceDataWriter } from './reference-data-writer.js';

/**
 * The writer shared by the kinds of reference data (events, parties, themes): each kind's module
 * declares its own kind and write controller and imports this one.
 */
@Module({
  imports: [CommitmentsModule],
  providers: [ReferenceDataWriter],
  exports: [ReferenceDataWriter],
})
export class ReferenceDataModule {}
