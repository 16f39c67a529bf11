import { Global, Module } from '@nestjs/common';
import { ApiKeyAdminService } from './api-key-admin.service.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { StaffGuard } from './staff.guard.js';

@Global()
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysService, ApiKeyAdminService, AuthFailureLimiter, StaffGuard],
  exports: [ApiKeysService, AuthFailureLimiter, StaffGuard],
})
export class AuthModule {}
