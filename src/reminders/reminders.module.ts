import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { CalendarGuard } from './calendar.guard.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersRepository } from './reminders.repository.js';
import { RemindersService } from './reminders.service.js';

@Module({
  imports: [CommitmentsModule, ApiKeysModule],
  controllers: [RemindersController],
  providers: [RemindersService, RemindersRepository, CalendarGuard],
  exports: [RemindersRepository, RemindersService],
})
export class RemindersModule {}
