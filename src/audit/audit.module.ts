import { Global, Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { AuditedTransaction } from './audited-transaction.js';

@Global()
@Module({
  imports: [IdempotencyModule],
  controllers: [AuditController],
  providers: [AuditService, AuditedTransaction],
  exports: [AuditedTransaction],
})
export class AuditModule {}
