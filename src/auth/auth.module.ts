import { Global, Module } from '@nestjs/common';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { StaffGuard } from './staff.guard.js';

/** Who is asking: API keys authenticated by the staff guard, with a limit on failed attempts. */
@Global()
@Module({
  providers: [ApiKeysRepository, ApiKeysService, AuthFailureLimiter, StaffGuard],
  exports: [ApiKeysRepository, ApiKeysService, AuthFailureLimiter, StaffGuard],
})
export class AuthModule {}
