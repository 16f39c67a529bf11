import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('public read API and website: per-client rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    // One proxy in front: the client address is the entry it appended to X-Forwarded-For.
    t = await createTestApp({
      env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000', TRUST_PROXY: '1' },
    });
  });
  afterAll(() => t.close());

  const from = (ip: string, url: string) => request(t.http).get(url).set('x-forwarded-for', ip);

  it('shares one budget across the public routes, then answers 429 problem+json', async () => {
    const client = '203.0.113.1';
    const first = await from(client, '/api/v1/commitments').expect(200);
    expect(first.headers['ratelimit-limit']).toBe('3');
    expect(first.headers['ratelimit-remaining']).toBe('2');
    await from(client, '/api/v1/themes').expect(200);
    await from(client, '/api/v1/stats').expect(200);
    const refused = await from(client, '/api/v1/parties');
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await from(client, '/api/v1/feed.atom')).status).toBe(429);
  });

  it('counts each client on its own', async () => {
    await from('203.0.113.2', '/api/v1/commitments').expect(200);
  });

  it('counts website pages in the same budget, refusing with an HTML page and Retry-After', async () => {
    const client = '203.0.113.4';
    await from(client, '/').expect(200);
    await from(client, '/api/v1/commitments').expect(200);
    const page = await from(client, '/commitments/climate-change-cooperation').expect(200);
    expect(page.headers['ratelimit-remaining']).toBe('0');
    const refused = await from(client, '/themes/bilateral-relations');
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.text).toContain('<h1>Too many requests</h1>');
    expect(refused.text).toContain('site.css');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from(client, '/api/v1/themes')).status).toBe(429);
  });

  it('does not count the static files pages load', async () => {
    const client = '203.0.113.5';
    const home = await from(client, '/').expect(200);
    const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(home.text)![1];
    for (let i = 0; i < 5; i++) await from(client, stylesheet).expect(200);
    expect((await from(client, '/').expect(200)).headers['ratelimit-remaining']).toBe('1');
  });

  it('gives no fresh budget for a forged leftmost X-Forwarded-For entry', async () => {
    const client = '203.0.113.6';
    const forged = (n: number) => `198.51.100.${n}, ${client}`;
    for (let n = 1; n <= 3; n++) await from(forged(n), '/api/v1/commitments').expect(200);
    expect((await from(forged(4), '/api/v1/commitments')).status).toBe(429);
    expect((await from(forged(5), '/')).status).toBe(429);
  });

  it('leaves health checks and the OpenAPI document alone', async () => {
    for (let i = 0; i < 5; i++) {
      await from('203.0.113.3', '/health/live').expect(200);
      await from('203.0.113.3', '/api/openapi.json').expect(200);
    }
  });

  it('refuses a bad configuration at start, naming the variable', async () => {
    const { loadConfig } = await import('../src/config/app-config.js');
    expect(() => loadConfig({ RATE_LIMIT_MAX: '0' })).toThrow(/RATE_LIMIT_MAX/);
    expect(() => loadConfig({ RATE_LIMIT_WINDOW_MS: 'soon' })).toThrow(/RATE_LIMIT_WINDOW_MS/);
  });
});

describe('public rate limit: hits far from the limit do not wait for their count', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_MAX: '25', TRUST_PROXY: '1' } });
  });
  afterAll(() => t.close());

  it('still counts every request and refuses the one over the limit', async () => {
    const client = '203.0.113.40';
    const get = () => request(t.http).get('/api/v1/stats').set('x-forwarded-for', client);
    // Answered from the cache after the first; the counts of the early ones finish meanwhile.
    for (let i = 0; i < 25; i++) await get().expect(200);
    expect((await get()).status).toBe(429);
    const { points } = await t.prisma.rateLimitCounter.findUniqueOrThrow({
      where: { key: `requests:${client}` },
    });
    // The refused one is refused from memory, not written (see SharedCounter).
    expect(points).toBe(25);
  });
});
