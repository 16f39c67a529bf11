import { createHmac } from 'node:crypto';

/** `X-Signature` value: hex HMAC-SHA256 of the exact body bytes sent. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
