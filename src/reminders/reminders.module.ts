import { Module } from '@nestjs/common';
import { CalendarGuard } from './calendar.guard.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersService } from './reminders.service.js';

@Module({
  controllers: [RemindersController],
  providers: [RemindersService, CalendarGuard],
})
export class RemindersModule {}
