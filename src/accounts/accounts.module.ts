import { Module } from '@nestjs/common';
import { AccountsService } from './accounts.service.js';
import { SessionsService } from './sessions.service.js';
import { SignInLimiter } from './sign-in-limiter.js';
import { StaffSessionsRepository } from './staff-sessions.repository.js';
import { StaffUsersRepository } from './staff-users.repository.js';

/** Staff accounts of people: invitations, passwords, sessions and sign-in. */
@Module({
  providers: [
    AccountsService,
    SessionsService,
    SignInLimiter,
    StaffSessionsRepository,
    StaffUsersRepository,
  ],
  exports: [AccountsService, SessionsService],
})
export class AccountsModule {}
