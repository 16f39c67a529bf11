import { Module } from '@nestjs/common';
import { StatusUpdatesController } from './status-updates.controller.js';
import { StatusUpdatesService } from './status-updates.service.js';

@Module({ controllers: [StatusUpdatesController], providers: [StatusUpdatesService] })
export class StatusUpdatesModule {}
