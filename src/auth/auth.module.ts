import { Global, Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service.js';
import { StaffGuard } from './staff.guard.js';

@Global()
@Module({ providers: [ApiKeysService, StaffGuard], exports: [ApiKeysService, StaffGuard] })
export class AuthModule {}
