import dns from 'node:dns';
import net from 'node:net';

/** Where an admin's webhook endpoints may send: the settings that loosen the default refusals. */
export interface AddressPolicy {
  /** WEBHOOK_ALLOW_PRIVATE: private, link-local and other internal addresses are allowed. */
  allowPrivate: boolean;
  /** WEBHOOK_ALLOW_HTTP_LOOPBACK (development): `http://` to a loopback host, and loopback. */
  allowHttpLoopback: boolean;
}

/** Never a public receiver: loopback, private, shared (CGNAT), link-local, multicast, reserved. */
const INTERNAL = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  INTERNAL.addSubnet(prefix, bits, 'ipv4');
}
// IPv4-mapped IPv6 (::ffff:10.0.0.1) is checked against the IPv4 ranges by BlockList itself.
for (const [prefix, bits] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(prefix, bits, 'ipv6');
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const family = (address: string) => (net.isIPv6(address) ? 'ipv6' : 'ipv4');

const isLoopback = (address: string) => LOOPBACK.check(address, family(address));

/** The URL's host as an address, when it is one (`[::1]` without its brackets). */
function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return net.isIP(host) ? host : null;
}

/** Why the sender will not connect to `address` for a request of `protocol`, or null. */
export function addressRefusal(
  address: string,
  protocol: string,
  policy: AddressPolicy,
): string | null {
  if (policy.allowHttpLoopback && isLoopback(address)) return null;
  if (protocol === 'http:') return `http:// is only for a loopback receiver, not ${address}`;
  if (!policy.allowPrivate && INTERNAL.check(address, family(address))) {
    return `${address} is a private, loopback or reserved address`;
  }
  return null;
}

/** Why an endpoint URL cannot be registered, or null: https, or http to loopback in development. */
export function endpointUrlRefusal(text: string, policy: AddressPolicy): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'a URL with credentials in it';
  const address = literalAddress(url);
  if (url.protocol === 'http:') {
    const loopbackHost = address ? isLoopback(address) : url.hostname === 'localhost';
    return policy.allowHttpLoopback && loopbackHost ? null : 'must be https://';
  }
  if (url.protocol !== 'https:') return 'must be https://';
  return address ? addressRefusal(address, url.protocol, policy) : null;
}

export class RefusedAddressError extends Error {
  readonly code = 'EREFUSEDADDRESS';
}

type Resolve = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for the connection: the host is resolved here and the socket connects to the
 * address that was checked, so a DNS answer cannot change between the check and the connect.
 * Every address of the answer must pass.
 */
export function guardedLookup(
  protocol: string,
  policy: AddressPolicy,
  resolve: Resolve = dns.lookup,
): net.LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const refusal = addresses
        .map(({ address }) => addressRefusal(address, protocol, policy))
        .find((reason) => reason !== null);
      if (refusal || addresses.length === 0) {
        return callback(new RefusedAddressError(`refused: ${refusal ?? 'no address'}`), '');
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Checked before connecting: a literal address in the URL is never looked up. */
export function literalRefusal(url: URL, policy: AddressPolicy): string | null {
  const address = literalAddress(url);
  return address ? addressRefusal(address, url.protocol, policy) : null;
}
