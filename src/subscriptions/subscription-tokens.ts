import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a link in a mail lets its holder do. */
export type TokenPurpose = 'confirm' | 'unsubscribe';

export const TOKEN_DAYS: Record<TokenPurpose, number> = { confirm: 7, unsubscribe: 90 };

const DAY_MS = 86_400_000;

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriptionId: string;
}

/**
 * Signed, expiring tokens of the confirmation and unsubscribe links: `purpose.id.expiry.signature`,
 * the signature an HMAC-SHA256 of the rest. Nothing is stored: a token names its subscription,
 * and deleting the subscription makes every token of it void.
 */
export class SubscriptionTokens {
  private readonly secret: Buffer;

  /** Without a configured secret, a random one: links then work only on this process. */
  constructor(secret: string) {
    this.secret = secret ? Buffer.from(secret) : randomBytes(32);
  }

  sign(purpose: TokenPurpose, subscriptionId: string, now: Date): string {
    const expires = Math.floor((now.getTime() + TOKEN_DAYS[purpose] * DAY_MS) / 1000);
    const payload = `${purpose}.${subscriptionId}.${expires}`;
    return `${payload}.${this.signature(payload)}`;
  }

  /** The token's claims when it is genuine, for `purpose` and not expired; else null. */
  verify(token: string, purpose: TokenPurpose, now: Date): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 4) return null;
    const [claimed, subscriptionId, expires, signature] = parts;
    const expected = Buffer.from(this.signature(parts.slice(0, 3).join('.')));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (claimed !== purpose || Number(expires) * 1000 < now.getTime()) return null;
    return { purpose, subscriptionId };
  }

  private signature(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
