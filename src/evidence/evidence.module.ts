import { Module } from '@nestjs/common';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { CommitmentEvidenceController } from './commitment-evidence.controller.js';
import { CommitmentEvidenceService } from './commitment-evidence.service.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';

@Module({
  imports: [CommitmentsModule],
  controllers: [EvidenceController, CommitmentEvidenceController],
  providers: [EvidenceService, CommitmentEvidenceService, EvidenceRepository],
  exports: [EvidenceService, CommitmentEvidenceService],
})
export class EvidenceModule {}
