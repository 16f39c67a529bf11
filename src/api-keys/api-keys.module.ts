import { Module } from '@nestjs/common';
import { ApiKeyAdminService } from './api-key-admin.service.js';
import { ApiKeysController } from './api-keys.controller.js';

/** Admins' management of API keys; authenticating them is the auth module's. */
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeyAdminService],
  exports: [ApiKeyAdminService],
})
export class ApiKeysModule {}
