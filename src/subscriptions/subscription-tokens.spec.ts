import { describe, expect, it } from '@jest/globals';
import { SubscriptionTokens } from './subscription-tokens.js';

const ID = '6f1c8a52-0c57-4c8e-9d1e-2b9b2f0c1a11';
const NOW = new Date('2026-12-06T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

describe('SubscriptionTokens', () => {
  const tokens = new SubscriptionTokens('a-secret-of-enough-length-for-tests!');

  it('verifies its own token for its purpose until it expires', () => {
    const token = tokens.sign('confirm', ID, NOW);
    expect(tokens.verify(token, 'confirm', days(6))).toEqual({
      purpose: 'confirm',
      subscriptionId: ID,
    });
    expect(tokens.verify(token, 'confirm', days(8))).toBeNull();
    expect(tokens.verify(token, 'unsubscribe', NOW)).toBeNull();
  });

  it('refuses a changed token and one signed with another secret', () => {
    const token = tokens.sign('unsubscribe', ID, NOW);
    const other = ID.replace('11', '12');
    expect(tokens.verify(token.replace(ID, other), 'unsubscribe', NOW)).toBeNull();
    expect(tokens.verify(token.replace(/\.\d+\./, '.99999999999.'), 'unsubscribe', NOW)).toBeNull();
    const foreign = new SubscriptionTokens('another-secret-of-enough-length!!');
    expect(foreign.verify(token, 'unsubscribe', NOW)).toBeNull();
    expect(tokens.verify('not.a.token', 'unsubscribe', NOW)).toBeNull();
  });
});
