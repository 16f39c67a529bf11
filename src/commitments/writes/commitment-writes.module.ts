import { Module } from '@nestjs/common';
import { CommitmentWritesController } from './commitment-writes.controller.js';
import { CommitmentWritesService } from './commitment-writes.service.js';

@Module({ controllers: [CommitmentWritesController], providers: [CommitmentWritesService] })
export class CommitmentWritesModule {}
