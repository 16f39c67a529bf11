import { createHmac } from 'node:crypto';

/**
 * The headers that sign a webhook body: `X-Timestamp` (Unix seconds of the send) and
 * `X-Signature`, the hex HMAC-SHA256 of `${timestamp}.${body}`, the exact bytes sent. The
 * timestamp is inside the signed content, so a receiver can refuse an old (replayed) request.
 */
export function signatureHeaders(body: string, secret: string, at: Date) {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { 'x-timestamp': timestamp, 'x-signature': sign(`${timestamp}.${body}`, secret) };
}

export function sign(content: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(content).digest('hex')}`;
}
