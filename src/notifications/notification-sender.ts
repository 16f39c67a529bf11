import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import {
  guardedLookup,
  literalRefusal,
  RefusedAddressError,
  type AddressPolicy,
} from './address-guard.js';
import { signatureHeaders } from './webhook-signature.js';

export interface DeliveryResult {
  channel: 'webhook' | 'log';
  succeeded: boolean;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** Where a signed body goes and the secret it is signed with. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

export const addressPolicy = (config: AppConfig): AddressPolicy => ({
  allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
  allowHttpLoopback: config.WEBHOOK_ALLOW_HTTP_LOOPBACK,
});

/**
 * One POST; resolves with the status of the answer, whose body is not read. A redirect is an
 * answer like any other: node:http never follows one. No pooled socket: each request connects
 * through its own lookup.
 */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  lookup: LookupFunction | undefined,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: false,
        lookup,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * One delivery attempt of a signed body: to WEBHOOK_URL (the operator's own setting, trusted as
 * configured) or a log line when none is set; or to an admin's endpoint, only at an address the
 * guard lets through.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async send(body: string): Promise<DeliveryResult> {
    const url = this.config.WEBHOOK_URL;
    if (!url) {
      this.logger.log(`notification ${body}`);
      return { channel: 'log', succeeded: true, httpStatus: null, error: null, durationMs: 0 };
    }
    return this.post({ url, secret: this.config.WEBHOOK_SECRET }, body, null);
  }

  sendTo(endpoint: WebhookTarget, body: string): Promise<DeliveryResult> {
    return this.post(endpoint, body, addressPolicy(this.config));
  }

  private async post(
    target: WebhookTarget,
    body: string,
    policy: AddressPolicy | null,
  ): Promise<DeliveryResult> {
    const started = performance.now();
    const result = (httpStatus: number | null, error: string | null): DeliveryResult => ({
      channel: 'webhook',
      succeeded: error === null,
      httpStatus,
      error,
      durationMs: Math.round(performance.now() - started),
    });
    try {
      const url = new URL(target.url);
      const refusal = policy && literalRefusal(url, policy);
      if (refusal) throw new RefusedAddressError(`refused: ${refusal}`);
      const headers = {
        'content-type': 'application/json',
        ...signatureHeaders(body, target.secret, this.clock.now()),
      };
      const lookup = policy ? guardedLookup(url.protocol, policy) : undefined;
      const status = await post(url, headers, body, this.config.WEBHOOK_TIMEOUT_MS, lookup);
      return result(status, status >= 200 && status < 300 ? null : `HTTP ${status}`);
    } catch (error) {
      const cause = error instanceof Error ? (error.cause ?? error) : error;
      return result(null, cause instanceof Error ? cause.message : String(cause));
    }
  }
}
