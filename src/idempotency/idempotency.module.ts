import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ReplyHeadersInterceptor } from '../common/reply-headers.js';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IdempotencyStore } from './idempotency.store.js';
import { OnceOnly } from './once-only.js';

/**
 * Interceptors run in the order registered: the derived headers (ETag, Location) wrap the
 * idempotency interceptor, so a replayed answer carries them as the first answer did.
 */
@Module({
  providers: [
    IdempotencyStore,
    OnceOnly,
    { provide: APP_INTERCEPTOR, useClass: ReplyHeadersInterceptor },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [IdempotencyStore, OnceOnly],
})
export class IdempotencyModule {}
