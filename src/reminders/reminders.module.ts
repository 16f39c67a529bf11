import { MailModule } from '../mail/mail.module.js';
import { ReminderMailer } from './reminder-mailer.js';
import { ReminderMailsRepository } from './reminder-mails.repository.js';
import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { CalendarGuard } from './calendar.guard.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersRepository } from './reminders.repository.js';
import { RemindersService } from './reminders.service.js';

@Module({
  imports: [CommitmentsModule, ApiKeysModule, MailModule],
  controllers: [RemindersController],
  providers: [
    RemindersService,
    RemindersRepository,
    CalendarGuard,
    ReminderMailer,
    ReminderMailsRepository,
  ],
  exports: [RemindersRepository, RemindersService, ReminderMailer],
})
export class RemindersModule {}
