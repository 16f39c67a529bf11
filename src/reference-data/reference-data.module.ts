import { Module } from '@nestjs/common';
import { EventWritesController } from '../events/event-writes.controller.js';
import { PartyWritesController } from '../parties/party-writes.controller.js';
import { ThemeWritesController } from '../themes/theme-writes.controller.js';
import { ReferenceDataWriter } from './reference-data-writer.js';

/** Staff writes of events, parties and themes (their public reads live in their own modules). */
@Module({
  controllers: [EventWritesController, PartyWritesController, ThemeWritesController],
  providers: [ReferenceDataWriter],
})
export class ReferenceDataModule {}
