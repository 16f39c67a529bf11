import { Module } from '@nestjs/common';
import { CommitmentEvidenceController } from './commitment-evidence.controller.js';
import { CommitmentEvidenceService } from './commitment-evidence.service.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceService } from './evidence.service.js';

@Module({
  controllers: [EvidenceController, CommitmentEvidenceController],
  providers: [EvidenceService, CommitmentEvidenceService],
})
export class EvidenceModule {}
