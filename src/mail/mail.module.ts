import { Module } from '@nestjs/common';
import { MailRepository } from './mail.repository.js';
import { MailTransport } from './mail-transport.js';

/** The outbox of email and the transport it goes out through; the send-mail job delivers it. */
@Module({
  providers: [MailTransport, MailRepository],
  exports: [MailTransport, MailRepository],
})
export class MailModule {}
