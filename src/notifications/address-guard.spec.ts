import { describe, expect, it } from '@jest/globals';
import type { LookupAddress } from 'node:dns';
import {
  addressRefusal,
  endpointUrlRefusal,
  guardedLookup,
  type AddressPolicy,
} from './address-guard.js';

const STRICT: AddressPolicy = { allowPrivate: false, allowHttpLoopback: false };
const DEVELOPMENT: AddressPolicy = { allowPrivate: false, allowHttpLoopback: true };
const INTRANET: AddressPolicy = { allowPrivate: true, allowHttpLoopback: false };

describe('addressRefusal', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
  ])('refuses %s', (address) => {
    expect(addressRefusal(address, 'https:', STRICT)).toMatch(/private, loopback or reserved/);
  });

  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])(
    'lets the public %s through',
    (address) => expect(addressRefusal(address, 'https:', STRICT)).toBeNull(),
  );

  it('allows internal addresses with WEBHOOK_ALLOW_PRIVATE, and loopback in development', () => {
    expect(addressRefusal('10.1.2.3', 'https:', INTRANET)).toBeNull();
    expect(addressRefusal('127.0.0.1', 'https:', DEVELOPMENT)).toBeNull();
    expect(addressRefusal('10.1.2.3', 'https:', DEVELOPMENT)).not.toBeNull();
  });

  it('sends http:// only to loopback, and only in development', () => {
    expect(addressRefusal('127.0.0.1', 'http:', DEVELOPMENT)).toBeNull();
    expect(addressRefusal('93.184.216.34', 'http:', DEVELOPMENT)).toMatch(/only for a loopback/);
    expect(addressRefusal('10.1.2.3', 'http:', INTRANET)).toMatch(/only for a loopback/);
    expect(addressRefusal('127.0.0.1', 'http:', STRICT)).toMatch(/only for a loopback/);
  });
});

describe('endpointUrlRefusal', () => {
  it.each([
    ['http://receiver.example.org/hook', STRICT, 'must be https://'],
    ['http://receiver.example.org/hook', DEVELOPMENT, 'must be https://'],
    ['http://127.0.0.1:8080/hook', STRICT, 'must be https://'],
    ['ftp://receiver.example.org/', STRICT, 'must be https://'],
    ['https://10.0.0.5/hook', STRICT, 'private'],
    ['https://[::ffff:169.254.169.254]/', STRICT, 'private'],
    ['https://0x7f.1/hook', STRICT, 'private'],
    ['https://user:pass@receiver.example.org/', STRICT, 'credentials'],
    ['not a url', STRICT, 'not a URL'],
  ])('refuses %s', (url, policy, reason) => {
    expect(endpointUrlRefusal(url, policy)).toContain(reason);
  });

  it.each([
    ['https://receiver.example.org/hook', STRICT],
    ['http://127.0.0.1:8080/hook', DEVELOPMENT],
    ['http://localhost:8080/hook', DEVELOPMENT],
    ['http://[::1]:8080/hook', DEVELOPMENT],
    ['https://10.0.0.5/hook', INTRANET],
  ])('accepts %s', (url, policy) => {
    expect(endpointUrlRefusal(url, policy)).toBeNull();
  });
});

describe('guardedLookup', () => {
  /** A resolver that answers every name with these addresses, as a hostile DNS server might. */
  const answering =
    (...addresses: string[]) =>
    (
      _host: string,
      _options: unknown,
      callback: (error: null, addresses: LookupAddress[]) => void,
    ) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );

  const lookUp = (resolve: ReturnType<typeof answering>, all: boolean) =>
    new Promise<{ error: Error | null; address: unknown }>((resolvePromise) =>
      guardedLookup('https:', STRICT, resolve)('receiver.example.org', { all }, (error, address) =>
        resolvePromise({ error, address }),
      ),
    );

  it('refuses a name that resolves to a private address, even beside a public one', async () => {
    for (const resolve of [answering('10.0.0.7'), answering('93.184.216.34', '169.254.169.254')]) {
      const { error } = await lookUp(resolve, false);
      expect(error?.message).toMatch(/^refused: .* private, loopback or reserved/);
    }
  });

  it('connects to the address it checked', async () => {
    expect(await lookUp(answering('93.184.216.34'), false)).toEqual({
      error: null,
      address: '93.184.216.34',
    });
    expect((await lookUp(answering('93.184.216.34'), true)).address).toEqual([
      { address: '93.184.216.34', family: 4 },
    ]);
  });
});
