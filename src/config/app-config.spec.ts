import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('uses the defaults for unset and empty variables', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '' });
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe('./data');
    expect(config.SEED_ON_START).toBe(true);
  });

  it('converts numbers and booleans', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://localhost/tracker',
      PORT: '8080',
      SEED_ON_START: 'false',
      DB_POOL_SIZE: '4',
    });
    expect(config).toMatchObject({ PORT: 8080, SEED_ON_START: false, DB_POOL_SIZE: 4 });
  });

  it('keeps to one connection on the embedded database', () => {
    expect(loadConfig({ DB_POOL_SIZE: '4' }).DB_POOL_SIZE).toBe(1);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['LOG_LEVEL', 'loud'],
    ['SEED_ON_START', 'maybe'],
    ['HEADERS_TIMEOUT_MS', '10'],
    ['TRUST_PROXY', '0'],
    ['TRUST_PROXY', '11'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '0.0.0.0/0'],
    ['TRUST_PROXY', '10.0.0.0/8,::/0'],
    ['TRUST_PROXY', '10.0.0.0/8,'],
    ['TRUST_PROXY', 'proxy.internal'],
    ['EXPORT_MAX_PER_CLIENT', '0'],
    ['EXPORT_MAX_CONCURRENT', 'four'],
  ])('stops on %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}=`));
  });

  it('bounds receiving a request: headers within 10 s, the whole request within 30 s', () => {
    expect(loadConfig({})).toMatchObject({
      HEADERS_TIMEOUT_MS: 10_000,
      REQUEST_TIMEOUT_MS: 30_000,
    });
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '40000' })).toThrow(
      /HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS/,
    );
  });

  it('takes an SMTP server only with a secret for the links in mails', () => {
    const secret = 'x'.repeat(32);
    expect(
      loadConfig({ SMTP_URL: 'smtp://u:p@mail.example.org:587', MAIL_TOKEN_SECRET: secret }),
    ).toMatchObject({ SMTP_URL: 'smtp://u:p@mail.example.org:587' });
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.org' })).toThrow(
      /MAIL_TOKEN_SECRET must be at least 32 characters when SMTP_URL is set/,
    );
    expect(() =>
      loadConfig({ SMTP_URL: 'http://mail.example.org', MAIL_TOKEN_SECRET: secret }),
    ).toThrow(/SMTP_URL/);
  });

  it('takes TRUST_PROXY as off, a hop count or trusted addresses and ranges', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(
      loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,fd00::/8,loopback' }).TRUST_PROXY,
    ).toEqual(['10.0.0.0/8', '192.0.2.7', 'fd00::/8', 'loopback']);
  });

  it('refuses TRUST_PROXY=true, saying why and what to give instead', () => {
    const start = () => loadConfig({ TRUST_PROXY: 'true' });
    expect(start).toThrow(/TRUST_PROXY=true: .*a client could pick its own address/);
    expect(start).toThrow(/the number of proxies in front of the app .* or their addresses/);
  });
});
