import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { signBody } from './webhook-signature.js';

export interface DeliveryResult {
  channel: 'webhook' | 'log';
  succeeded: boolean;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** One delivery attempt: a signed POST to WEBHOOK_URL, or a log line when none is configured. */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger('Notifications');

  constructor(private readonly config: AppConfig) {}

  async send(body: string): Promise<DeliveryResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = this.config.WEBHOOK_URL;
    if (!url) {
      this.logger.log(`notification ${body}`);
      return { channel: 'log', succeeded: true, httpStatus: null, error: null, durationMs: 0 };
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': signBody(body, this.config.WEBHOOK_SECRET),
        },
        body,
        // A receiver must not bounce the signed payload on to another address.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return {
        channel: 'webhook',
        succeeded: response.ok,
        httpStatus: response.status,
        error: response.ok ? null : `HTTP ${response.status}`,
        durationMs: elapsed(),
      };
    } catch (error) {
      const cause = error instanceof Error ? (error.cause ?? error) : error;
      const message = cause instanceof Error ? cause.message : String(cause);
      return {
        channel: 'webhook',
        succeeded: false,
        httpStatus: null,
        error: message,
        durationMs: elapsed(),
      };
    }
  }
}
