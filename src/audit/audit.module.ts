import { Global, Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditedTransaction } from './audited-transaction.js';

@Global()
@Module({
  imports: [IdempotencyModule],
  controllers: [AuditController],
  providers: [AuditRepository, AuditedTransaction],
  exports: [AuditedTransaction, AuditRepository],
})
export class AuditModule {}
